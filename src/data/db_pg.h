/* db_pg: the tayori schema and views in a PostgreSQL schema, the same columns as SQLite's. */
#ifndef TAYORI_DB_PG_H
#define TAYORI_DB_PG_H

#include "util/diag.h"

/* The indexes, the same SQL on SQLite and PostgreSQL (contacts_once: the contact history's rule). */
#define DB_SCHEMA_INDEXES \
"CREATE INDEX IF NOT EXISTS purchases_customer ON purchases(customer_id);\n" \
"CREATE INDEX IF NOT EXISTS customers_postal_code ON customers(postal_code);\n" \
"CREATE UNIQUE INDEX IF NOT EXISTS customers_customer_no ON customers(customer_no)\n" \
"  WHERE customer_no IS NOT NULL;\n" \
"CREATE INDEX IF NOT EXISTS customers_email ON customers(lower(email));\n" \
"CREATE INDEX IF NOT EXISTS contacts_token ON contacts(token);\n" \
"CREATE INDEX IF NOT EXISTS responses_customer ON responses(customer_id);\n" \
/* A token's first visit is its visit: an access log read twice adds none. */ \
"CREATE UNIQUE INDEX IF NOT EXISTS responses_visit ON responses(token)\n" \
"  WHERE kind = 'visit';\n" \
"CREATE INDEX IF NOT EXISTS contacts_campaign ON contacts(campaign);\n" \
"CREATE UNIQUE INDEX IF NOT EXISTS contacts_once\n" \
"  ON contacts(campaign, customer_id, coalesce(ref, ''), touch);\n" \
"CREATE INDEX IF NOT EXISTS contacts_customer ON contacts(customer_id, sent_at);\n"

/* db_init and db_upgrade for a PostgreSQL URL (see db.h). 0 or -1 with a diagnostic. */
int db_pg_init(const char *url, diag *d);
int db_pg_upgrade(const char *url, diag *d);

#endif
