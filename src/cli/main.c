/* main: turn argv into a job and an exit code. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/db.h"
#include "data/shard.h"
#include "job/manifest.h"
#include "data/history.h"
#include "data/import.h"
#include "data/mapping.h"
#include "data/stats.h"
#include "report/report.h"
#include "response/responses.h"
#include "job/job.h"
#include "job/labels.h"
#include "output/cancel.h"
#include "preflight/preflight.h"
#include "util/diag.h"
#include "util/failpoint.h"
#include "util/hooks.h"
#include "util/mem.h"

static const char usage_main[] =
"usage: tayori COMMAND [ARGS]\n"
"\n"
"Compile a Markdown issue, a layout and a customer segment into one\n"
"print-ready PDF with a personalized copy per customer.\n"
"\n"
"commands:\n"
"  db init FILE                     create a customer database (or update its schema)\n"
"  db import FILE CSV [options]     load a customer or purchase export (update, add)\n"
"  db stats FILE                    what the database holds: customers, opt-outs, addresses\n"
"  responses import FILE SOURCE     QR visits, coupons, replies: a CSV or an access log\n"
"  report FILE [options]            what each mailing did: responses, lift, revenue, ROI\n"
"  campaigns FILE                   each campaign: date, channel, copies, responses, rate\n"
"  build CONTENT.md [options]       make the PDF batch, its manifest and the contact log\n"
"  check CONTENT.md [options]       check everything build checks, write nothing\n"
"  labels --db FILE --sheet NAME    address labels for a segment on a label sheet\n"
"  layouts                          list the layouts found and what each is for\n"
"  history DB CUSTOMER_ID           a customer's touches, newest first\n"
"  history DB --campaign C          the customers a campaign reached\n"
"  manifest merge PART… [-o OUT]    join the manifest parts of build --shard\n"
"\n"
"Run 'tayori COMMAND --help' for a command's options.\n";

static const char usage_db[] =
"usage: tayori db init FILE\n"
"       tayori db import FILE EXPORT [--preset NAME | --map MAP.yml] [options]\n"
"       tayori db import --preset NAME [--table T] --print-map\n"
"       tayori db stats FILE\n"
"\n"
"FILE is a SQLite file or a PostgreSQL URL: postgresql://USER@HOST/DB, with\n"
"&schema=NAME (or ?schema=NAME) for a schema of its own (db init creates it);\n"
"postgresql:// alone reads the PG* environment variables.\n"
"\n"
"init creates the tables customers, purchases, contacts and segments and the\n"
"views customer_stats, customer_view, contact_stats and last_purchase; running\n"
"it on a database made by an older tayori updates its schema and keeps every\n"
"row (contacts too).\n"
"\n"
"import reads a customer or purchase export: CSV or tab-separated, UTF-8 (with\n"
"or without BOM), UTF-16 with BOM, Shift_JIS (CP932) or EUC-JP. Its header is\n"
"read through a mapping (--map, --preset) or, without one, as tayori's column\n"
"names and their usual spellings. Every value is checked (dates, amounts,\n"
"yes/no, countries); a bad one is reported with its line and column, and\n"
"nothing is written unless every row is good. Customers already in the\n"
"database are matched on the mapping's key (default id) and updated; new ones\n"
"are added; contacts are never touched. An opt-out stays until the export says\n"
"otherwise: an empty value keeps it.\n"
"\n"
"import options:\n"
"  --preset NAME          shopify, ja-pos or tayori: a shipped mapping\n"
"  --map MAP.yml          your mapping (start from --print-map)\n"
"  --print-map            print the preset as a mapping file to edit\n"
"  --table T              customers or purchases (default: the mapping's, or\n"
"                         purchases when the file name says so)\n"
"  --encoding E           utf-8, utf-16, shift_jis, euc-jp (default: detected)\n"
"  --dry-run              say how many rows would be added, changed and left\n"
"                         as they are; write nothing\n"
"  --skip-bad             write the good rows; the bad ones go, with their\n"
"                         reasons, to EXPORT-stem.rejected.csv beside the file\n"
"  --rejects FILE         the reject file to write instead\n"
"\n"
"stats prints what a user checks after an import: customers, opted out,\n"
"usable addresses by country, purchases and their dates, contacts per campaign.\n";

static const char usage_responses[] =
"usage: tayori responses import DB FILE [--map MAP.yml | --preset tayori] [options]\n"
"       tayori responses import DB --access-log FILE --url-pattern PATTERN [--dry-run]\n"
"\n"
"Record what came back from a mailing in the responses table.\n"
"\n"
"A CSV (read as tayori db import reads one: encodings, mappings, every value\n"
"checked, nothing written unless every row is good) gives per row a token or a\n"
"customer (customer_id, customer_no, customer_email), responded_at, kind\n"
"(visit, coupon, purchase, reply) and optionally amount and campaign. A mapping\n"
"can give a kind for every row: kind: {value: coupon}.\n"
"\n"
"An access log (common or combined format) is read for requests of the URL\n"
"pattern, e.g. '/r/{token}' or 'https://shop.example/r/{token}': each token's\n"
"first visit is recorded as a visit of the copy that carried it. Repeated\n"
"visits, unknown tokens and malformed lines are counted, not errors.\n"
"\n"
"options:\n"
"  --map, --preset, --encoding, --skip-bad, --rejects   as for db import\n"
"  --dry-run              count, write nothing\n"
"\n"
"How a response is given to a campaign (attribution) is in README.\n";

static const char usage_report[] =
"usage: tayori report DB [--campaign C] [--by rank|segment|COLUMN] [--since DATE]\n"
"                        [--format text|csv|html] [-o FILE]\n"
"       tayori campaigns DB\n"
"\n"
"Per campaign and group: customers mailed and held out (--holdout), how many\n"
"of each responded, the response rates, the lift (mailed rate minus held-out\n"
"rate) with its 95 % interval (Newcombe's hybrid score method) and whether it\n"
"is significant, revenue, revenue per piece, cost (front matter\n"
"cost-per-piece: times pieces) and ROI. The HTML report is one self-contained\n"
"page with charts, made to print on A4.\n"
"\n"
"options:\n"
"  --campaign C           one campaign (default: every one)\n"
"  --by rank|segment|COLUMN\n"
"                         groups: a column of customer_view (rank, rfm, dormant,\n"
"                         …) or the campaign's segment (default: one group)\n"
"  --since DATE           campaigns first sent on DATE (YYYY-MM-DD) or later\n"
"  --format F             text (default), csv or html\n"
"  -o FILE                write to FILE (default: standard output)\n";

static const char usage_build[] =
"usage: tayori build CONTENT.md [options]\n"
"       tayori check CONTENT.md [options]\n"
"       tayori check --pdf FILE.pdf\n"
"\n"
"options (each overrides the front matter):\n"
"  --db FILE|URL          the customer database (front matter: db:): a SQLite\n"
"                         file, or postgresql://… (postgresql:// alone: the PG*\n"
"                         environment variables; &schema=NAME for a schema)\n"
"  --layout NAME|FILE     a layout from layouts/ or a .yml file (layout:)\n"
"  --segment NAME|SQL     a segment name from segments/ or the database, or a\n"
"                         SELECT statement (segment:); default: every customer\n"
"  -o, --output OUT.pdf   the PDF to write (default out/CONTENT.pdf); the\n"
"                         manifest goes beside it as OUT.manifest.csv\n"
"  --limit N              make at most N copies\n"
"  --volume N             split the batch into files of N copies each,\n"
"                         OUT-001.pdf, OUT-002.pdf, … (one manifest, with the\n"
"                         volume of each copy)\n"
"  --jobs N               use N cores (default: all): with --volume, N processes\n"
"                         render the volumes; one file is laid out on one and\n"
"                         written on another; the files are the same\n"
"  --marks                crop marks even when the layout has none\n"
"  --impose N-up          a card layout's cards N to a press sheet, cut-and-stack\n"
"                         order, backs behind their fronts, crop marks; the\n"
"                         manifest gives each copy's sheet and position\n"
"  --sheet A4|SRA3|13x19  the press sheet (default: the first that holds them)\n"
"  --proof N | ID,ID,…    a proof of the first N copies, or of these customers\n"
"                         (one customer: ID,): PROOF in the slug, bleed and safe\n"
"                         area outlined, crop marks; written to\n"
"                         out/CONTENT-proof.pdf; no contacts recorded\n"
"  --include-opted-out    also mail customers with opt_out = 1\n"
"  --holdout SHARE        set aside a share of the segment (10%, 0.1) as the\n"
"                         control group: drawn from the campaign and the\n"
"                         database's key (a re-run draws the same customers),\n"
"                         not printed, not in the manifest, recorded in contacts\n"
"                         as held out (holdout:)\n"
"  --shard K/N            render part K of N of the segment (by a hash of the\n"
"                         customer id; disjoint, balanced, stable as the\n"
"                         segment grows) to OUT.shard-K-of-N.pdf and its\n"
"                         manifest; join the parts with tayori manifest merge\n"
"  --resend               also mail customers already recorded for the campaign\n"
"                         (and the same ref), recorded as their next touch;\n"
"                         without it they are skipped and counted\n"
"  --dump FILE            write the display list of every copy as text to FILE\n"
"                         instead of a PDF (what tests/cases compare); no\n"
"                         contacts recorded\n"
"  --progress / --quiet   force the progress line on or off (default: on a\n"
"                         terminal): copies done of all, pages/s, time left\n"
"  --progress=json        the same as one JSON object a line on standard error,\n"
"                         for a wrapper: copies_done, copies_total,\n"
"                         pages_per_second, seconds_left, final\n"
"\n"
"A label-sheet layout (--layout avery-l7160, any kind: labels) makes the\n"
"labels of the content's segment, as tayori labels --from CONTENT.md does.\n"
"\n"
"check --pdf runs a print shop's preflight on a PDF (ours or any): fonts\n"
"not embedded, missing or inconsistent page boxes, RGB colour or images,\n"
"lines under 0.2 pt, text within 3 mm of the trim, images under 300 ppi,\n"
"annotations and JavaScript. Exit status 0 when clean, 1 with problems.\n"
"\n"
"Merge fields are the segment's columns and the built-ins token, title, issue,\n"
"date, today, campaign and sender.* (from the front matter's sender: block).\n";

static const char usage_history[] =
"usage: tayori history DB CUSTOMER_ID\n"
"       tayori history DB --campaign CAMPAIGN\n"
"\n"
"Print the contact history recorded by builds, tab-separated under a header\n"
"line: a customer's touches, newest first (sent_at, campaign, channel, ref,\n"
"touch, copy, token, file), or the customers a campaign reached (customer_id,\n"
"name, sent_at, channel, ref, touch, copy, token, file). A customer or a\n"
"campaign the database does not know is an error.\n";

static const char usage_labels[] =
"usage: tayori labels --db FILE --sheet NAME [options]\n"
"\n"
"Print the address of every customer of a segment on a label sheet, sorted\n"
"by postal code, with a manifest (OUT.manifest.csv) giving each customer's\n"
"sheet and position. Opted-out customers are left out, as in build.\n"
"\n"
"options:\n"
"  --db FILE              the customer database\n"
"  --sheet NAME|FILE      a label sheet (`tayori layouts` lists them: kind labels)\n"
"  --segment NAME|SQL     whom to print (default: every customer)\n"
"  --from CONTENT.md      take the segment (and db) of an issue, so the labels\n"
"                         match its mailing\n"
"  -o, --output OUT.pdf   the PDF to write (default out/labels-SHEET.pdf)\n"
"  --start N              begin at position N of a partly used first sheet\n"
"                         (positions count across, then down, from 1)\n"
"  --sort postal|none     postal: domestic first, then by postal code (default);\n"
"                         none: the segment's order\n"
"  --strict               an address that does not fit its label fails the run\n"
"                         (otherwise it is shrunk, wrapped, and a warning given)\n"
"  --include-opted-out    also print customers with opt_out = 1\n";

static int
want_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static int
usage_error(diag *d, const char *msg, const char *usage)
{
	diag_plain(d, D_USAGE, msg);
	fputs(usage, stderr);
	return 2;
}

/*
 * The exit status of a command that returned rc, decided here only:
 * 128 + the signal that stopped it (said once); 2 when it could not do
 * its job (rc != 0); else 1 when some input or copy failed (an error was
 * reported), else 0.
 */
static int
finish(int rc, diag *d)
{
	int sig = cancel_requested();

	if (sig != 0) {
		diag_plain(d, D_INTERRUPTED, sig == SIGINT ? "SIGINT" :
		    sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal");
		return cancel_exit_code(sig);
	}
	return rc != 0 ? 2 : diag_exit_code(d);
}

static int
cmd_import(int argc, char **argv, const char *table, const char *usage,
    diag *d)
{
	import_opts o;
	import_result r;
	const char *pos[2] = {NULL, NULL};
	const char *log = NULL, *pattern = NULL;
	int npos = 0, print_map = 0;

	memset(&o, 0, sizeof(o));
	o.table = table;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--table") == 0 && v)
			o.table = argv[++i];
		else if (strcmp(a, "--map") == 0 && v)
			o.map = argv[++i];
		else if (strcmp(a, "--preset") == 0 && v)
			o.preset = argv[++i];
		else if (strcmp(a, "--encoding") == 0 && v)
			o.encoding = argv[++i];
		else if (strcmp(a, "--rejects") == 0 && v)
			o.rejects = argv[++i];
		else if (strcmp(a, "--skip-bad") == 0)
			o.skip_bad = 1;
		else if (strcmp(a, "--dry-run") == 0)
			o.dry_run = 1;
		else if (strcmp(a, "--print-map") == 0)
			print_map = 1;
		else if (table && strcmp(a, "--access-log") == 0 && v)
			log = argv[++i];
		else if (table && strcmp(a, "--url-pattern") == 0 && v)
			pattern = argv[++i];
		else if (a[0] == '-' || npos == 2)
			return usage_error(d, "import: unexpected argument", usage);
		else
			pos[npos++] = a;
	}
	if (log || pattern) {
		log_counts n;

		if (!log || !pattern || npos != 1)
			return usage_error(d, "responses import DB --access-log FILE "
			    "--url-pattern PATTERN", usage);
		if (responses_from_log(pos[0], log, pattern, o.dry_run, &n, d) != 0)
			return finish(-1, d);
		printf("%s: %lld lines, %lld hits of %s: %lld visits recorded, "
		    "%lld repeated, %lld unknown tokens; %lld malformed lines, "
		    "%lld other requests%s\n", log, n.lines, n.hits, pattern,
		    n.visits, n.repeated, n.unknown, n.malformed, n.other,
		    o.dry_run ? " (dry run: nothing written)" : "");
		return finish(0, d);
	}
	if (o.table && import_columns(o.table) == NULL)
		return usage_error(d, "--table is customers or purchases", usage);
	if (print_map) {
		const char *text = o.preset ? mapping_preset_text(o.preset,
		    o.table) : NULL;

		if (text == NULL || npos != 0)
			return usage_error(d, "--print-map prints a preset: "
			    "--preset NAME --print-map", usage);
		fputs(text, stdout);
		return 0;
	}
	if (npos != 2)
		return usage_error(d, "import: expected DB FILE", usage);
	o.db = pos[0];
	o.file = pos[1];
	if (import_file(&o, &r, d) != 0)
		return finish(-1, d);
	printf("%s: %lld rows (%s) into %s: %lld added, %lld changed, "
	    "%lld unchanged", o.file, r.rows, r.encoding, r.table, r.added,
	    r.changed, r.unchanged);
	if (r.rejected)
		printf(", %lld rejected", r.rejected);
	if (r.opted_out)
		printf("; %lld newly opted out", r.opted_out);
	puts(o.dry_run ? " (dry run: nothing written)" : "");
	return finish(0, d);
}

static int
cmd_responses(int argc, char **argv, diag *d)
{
	if (want_help(argc, argv)) {
		fputs(usage_responses, stdout);
		return 0;
	}
	if (argc < 1 || strcmp(argv[0], "import") != 0)
		return usage_error(d, "responses: expected import", usage_responses);
	return cmd_import(argc, argv, "responses", usage_responses, d);
}

static int
cmd_report(int argc, char **argv, int list, diag *d)
{
	report_opts o;
	const char *path = NULL, *outpath = NULL;
	FILE *out = stdout;
	int rc;

	if (want_help(argc, argv)) {
		fputs(usage_report, stdout);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!list && strcmp(a, "--campaign") == 0 && v)
			o.campaign = argv[++i];
		else if (!list && strcmp(a, "--by") == 0 && v)
			o.by = argv[++i];
		else if (!list && strcmp(a, "--since") == 0 && v)
			o.since = argv[++i];
		else if (!list && strcmp(a, "--format") == 0 && v) {
			v = argv[++i];
			if (strcmp(v, "text") == 0)
				o.format = REPORT_TEXT;
			else if (strcmp(v, "csv") == 0)
				o.format = REPORT_CSV;
			else if (strcmp(v, "html") == 0)
				o.format = REPORT_HTML;
			else
				return usage_error(d, "--format is text, csv or html",
				    usage_report);
		} else if (!list && (strcmp(a, "-o") == 0 ||
		    strcmp(a, "--output") == 0) && v)
			outpath = argv[++i];
		else if (a[0] == '-' || path != NULL)
			return usage_error(d, "unexpected argument", usage_report);
		else
			path = a;
	}
	if (path == NULL)
		return usage_error(d, "expected the database", usage_report);
	if (o.since != NULL && !(strlen(o.since) == 10 && o.since[4] == '-' &&
	    o.since[7] == '-'))
		return usage_error(d, "--since is a date: YYYY-MM-DD", usage_report);
	o.db = path;
	if (outpath != NULL && (out = fopen(outpath, "w")) == NULL) {
		diag_at(d, D_IO, outpath, 0, 0, "cannot write", strerror(errno));
		return finish(-1, d);
	}
	rc = list ? report_campaigns(path, out, d) : report_write(&o, out, d);
	if (outpath != NULL && fclose(out) != 0 && rc == 0) {
		diag_at(d, D_IO, outpath, 0, 0, "cannot write", strerror(errno));
		rc = -1;
	}
	return finish(rc, d);
}

static int
cmd_db(int argc, char **argv, diag *d)
{
	if (want_help(argc, argv)) {
		fputs(usage_db, stdout);
		return 0;
	}
	if (argc < 1)
		return usage_error(d, "db: expected init, import or stats", usage_db);
	if (strcmp(argv[0], "import") == 0)
		return cmd_import(argc, argv, NULL, usage_db, d);
	if (strcmp(argv[0], "init") == 0 || strcmp(argv[0], "stats") == 0) {
		if (argc != 2 || argv[1][0] == '-')
			return usage_error(d, argv[0][0] == 'i' ?
			    "db init: expected FILE" : "db stats: expected FILE",
			    usage_db);
		if (argv[0][0] == 'i')
			return finish(db_init(argv[1], d), d);
		return finish(stats_print(argv[1], stdout, d), d);
	}
	return usage_error(d, "db: expected init, import or stats", usage_db);
}

static int
cmd_build(int argc, char **argv, int check, diag *d)
{
	job_opts o;
	const char *pdf = NULL;
	int progress = -1;

	if (want_help(argc, argv)) {
		fputs(usage_build, stdout);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.check_only = check;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;

		if (strcmp(a, "--db") == 0)
			dst = &o.db;
		else if (strcmp(a, "--layout") == 0)
			dst = &o.layout;
		else if (strcmp(a, "--segment") == 0)
			dst = &o.segment;
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			dst = &o.out;
		else if (strcmp(a, "--dump") == 0) {
			o.dump = 1;
			dst = &o.out;
		}
		else if (check && strcmp(a, "--pdf") == 0)
			dst = &pdf;
		else if (strcmp(a, "--volume") == 0) {
			char *end;
			long n;

			if (i + 1 == argc || (n = strtol(argv[++i], &end, 10)) <= 0 ||
			    *end || n > 1000000)
				return usage_error(d, "--volume needs a number of copies",
				    usage_build);
			o.volume = (int)n;
			continue;
		} else if (strcmp(a, "--jobs") == 0) {
			char *end;
			long n;

			if (i + 1 == argc || (n = strtol(argv[++i], &end, 10)) <= 0 ||
			    *end || n > 64)
				return usage_error(d, "--jobs needs a number of processes "
				    "(1 to 64)", usage_build);
			o.jobs = (int)n;
			continue;
		} else if (strcmp(a, "--shard") == 0) {
			if (i + 1 == argc || shard_parse(argv[++i], &o.shard,
			    &o.nshards) != 0)
				return usage_error(d, "--shard is K/N: part K of N "
				    "(1 <= K <= N <= 1000)", usage_build);
			continue;
		} else if (strcmp(a, "--marks") == 0) {
			o.marks = 1;
			continue;
		} else if (strcmp(a, "--impose") == 0) {
			char *end;
			long n;

			if (i + 1 == argc || (n = strtol(argv[++i], &end, 10)) <= 0 ||
			    (*end && strcmp(end, "-up") != 0) || n > 64)
				return usage_error(d, "--impose needs N-up (1-up to 64-up)",
				    usage_build);
			o.impose = (int)n;
			continue;
		} else if (strcmp(a, "--sheet") == 0) {
			if (i + 1 == argc)
				return usage_error(d, "--sheet needs A4, SRA3 or 13x19",
				    usage_build);
			o.sheet = argv[++i];
			continue;
		} else if (strcmp(a, "--proof") == 0) {
			const char *v;
			char *end;

			if (i + 1 == argc)
				return usage_error(d, "--proof needs N or ID,ID", usage_build);
			v = argv[++i];
			if (strchr(v, ',') == NULL) {
				if ((o.proof = strtoll(v, &end, 10)) <= 0 || *end)
					return usage_error(d, "--proof needs N or ID,ID",
					    usage_build);
				o.limit = o.proof;
			} else {
				if (strspn(v, "0123456789, ") != strlen(v))
					return usage_error(d, "--proof: customer ids are "
					    "numbers separated by commas", usage_build);
				o.proof = 1;
				o.proof_ids = v;
			}
			continue;
		} else if (strcmp(a, "--limit") == 0) {
			char *end;

			if (i + 1 == argc || (o.limit = strtoll(argv[++i], &end, 10)) <= 0 ||
			    *end)
				return usage_error(d, "--limit needs a positive number",
				    usage_build);
			continue;
		} else if (strcmp(a, "--include-opted-out") == 0) {
			o.include_opted_out = 1;
			continue;
		} else if (strcmp(a, "--resend") == 0) {
			o.resend = 1;
			continue;
		} else if (strcmp(a, "--holdout") == 0) {
			if (i + 1 == argc)
				return usage_error(d, "--holdout needs a share: 10%",
				    usage_build);
			o.holdout = argv[++i];
			continue;
		} else if (strcmp(a, "--progress") == 0) {
			progress = JOB_PROGRESS_LINE;
			continue;
		} else if (strcmp(a, "--progress=json") == 0) {
			progress = JOB_PROGRESS_JSON;
			continue;
		} else if (strcmp(a, "--quiet") == 0) {
			progress = 0;
			d->quiet_notes = 1;
			continue;
		} else if (a[0] == '-' && a[1] != '\0') {
			diag_plain(d, D_USAGE, "unknown option");
			fprintf(stderr, "  %s\n", a);
			fputs(usage_build, stderr);
			return 2;
		} else if (o.content == NULL) {
			o.content = a;
			continue;
		} else
			return usage_error(d, "only one content file", usage_build);
		if (i + 1 == argc)
			return usage_error(d, "an option needs a value", usage_build);
		*dst = argv[++i];
	}
	if (pdf) {
		int n;

		if (o.content)
			return usage_error(d, "check --pdf takes the PDF alone", usage_build);
		if ((n = preflight_pdf(pdf, NULL, d)) < 0)
			return 2;
		if (n == 0)
			fprintf(stderr, "%s: no problem found\n", pdf);
		return n ? 1 : 0;
	}
	if (o.content == NULL)
		return usage_error(d, "expected CONTENT.md", usage_build);
	if (check && o.out)
		return usage_error(d, "check writes nothing: no -o", usage_build);
	o.progress = progress >= 0 ? progress : isatty(STDERR_FILENO);
	/* the job could not run: 2, whatever the severity of its last diagnostic */
	return finish(job_run(&o, d), d);
}

static int
cmd_labels(int argc, char **argv, diag *d)
{
	labels_opts o;

	if (want_help(argc, argv)) {
		fputs(usage_labels, stdout);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.start = 1;
	o.sort_postal = 1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v;

		if (strcmp(a, "--strict") == 0) {
			o.strict = 1;
			continue;
		}
		if (strcmp(a, "--include-opted-out") == 0) {
			o.include_opted_out = 1;
			continue;
		}
		if (a[0] != '-')
			return usage_error(d, "labels takes only options", usage_labels);
		if (i + 1 == argc)
			return usage_error(d, "an option needs a value", usage_labels);
		v = argv[++i];
		if (strcmp(a, "--db") == 0)
			o.db = v;
		else if (strcmp(a, "--sheet") == 0)
			o.sheet = v;
		else if (strcmp(a, "--segment") == 0)
			o.segment = v;
		else if (strcmp(a, "--from") == 0)
			o.from = v;
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			o.out = v;
		else if (strcmp(a, "--start") == 0) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || end == v || n < 1 || n > 1000)
				return usage_error(d, "--start needs a position (1 = the "
				    "first label of the sheet)", usage_labels);
			o.start = (int)n;
		} else if (strcmp(a, "--sort") == 0) {
			if (strcmp(v, "postal") != 0 && strcmp(v, "none") != 0)
				return usage_error(d, "--sort is postal or none",
				    usage_labels);
			o.sort_postal = strcmp(v, "postal") == 0;
		} else {
			diag_plain(d, D_USAGE, "unknown option");
			fprintf(stderr, "  %s\n", a);
			fputs(usage_labels, stderr);
			return 2;
		}
	}
	if (o.sheet == NULL)
		return usage_error(d, "expected --sheet NAME", usage_labels);
	if (o.db == NULL && o.from == NULL)
		return usage_error(d, "expected --db FILE (or --from CONTENT.md)",
		    usage_labels);
	return finish(labels_run(&o, d), d);
}

static int
cmd_history(int argc, char **argv, diag *d)
{
	const char *db = NULL, *campaign = NULL, *who = NULL;
	long long id;
	char *end;

	if (want_help(argc, argv)) {
		fputs(usage_history, stdout);
		return 0;
	}
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--campaign") == 0) {
			if (i + 1 == argc || campaign)
				return usage_error(d, "--campaign needs one campaign name",
				    usage_history);
			campaign = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0' &&
		    strspn(argv[i] + 1, "0123456789") != strlen(argv[i] + 1))
			return usage_error(d, "history: unknown option", usage_history);
		else if (db == NULL)
			db = argv[i];
		else if (who == NULL)
			who = argv[i];
		else
			return usage_error(d, "history: too many arguments", usage_history);
	}
	if (db == NULL || (who == NULL) == (campaign == NULL))
		return usage_error(d, "history: expected DB and a CUSTOMER_ID, or DB "
		    "--campaign C", usage_history);
	if (campaign)
		return finish(db_upgrade(db, d) != 0 ||
		    history_campaign(db, campaign, stdout, d) != 0 ? -1 : 0, d);
	id = strtoll(who, &end, 10);
	if (*who == '\0' || *end != '\0')
		return usage_error(d, "history: CUSTOMER_ID is a customer's id "
		    "(a number)", usage_history);
	return finish(db_upgrade(db, d) != 0 ||
	    history_customer(db, id, stdout, d) != 0 ? -1 : 0, d);
}

static const char usage_manifest[] =
"usage: tayori manifest merge OUT.shard-1-of-N.manifest.csv … [-o OUT.manifest.csv]\n"
"                              [--db DB --campaign C]\n"
"\n"
"Join the manifest parts of the N shards of one build (tayori build --shard\n"
"K/N) into one manifest: every shard exactly once, in each part every copy\n"
"once and in order, each customer in the shard its id belongs to. The\n"
"result has a build's columns and file (the volume's PDF); volumes and\n"
"copies are numbered on through the shards in order. Default output:\n"
"OUT.manifest.csv beside the parts. With --db and --campaign, every copy made\n"
"must be recorded in the campaign's contacts, naming its file (a shard killed\n"
"before its commit left a part nobody is recorded for: build it again).\n";

static int
cmd_manifest(int argc, char **argv, diag *d)
{
	const char *out = NULL, *db = NULL, *campaign = NULL;
	const char **parts;
	int n = 0, rc;

	if (want_help(argc, argv)) {
		fputs(usage_manifest, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[0], "merge") != 0)
		return usage_error(d, "manifest: expected merge and the parts",
		    usage_manifest);
	parts = mem_calloc((size_t)argc, sizeof(*parts));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
			if (i + 1 == argc) {
				mem_free(parts);
				return usage_error(d, "-o needs a file", usage_manifest);
			}
			out = argv[++i];
		} else if (strcmp(argv[i], "--db") == 0 ||
		    strcmp(argv[i], "--campaign") == 0) {
			if (i + 1 == argc) {
				mem_free(parts);
				return usage_error(d, "--db and --campaign need a value",
				    usage_manifest);
			}
			*(argv[i][2] == 'd' ? &db : &campaign) = argv[i + 1];
			i++;
		} else
			parts[n++] = argv[i];
	}
	if ((db == NULL) != (campaign == NULL)) {
		mem_free(parts);
		return usage_error(d, "--db and --campaign go together",
		    usage_manifest);
	}
	rc = manifest_merge(parts, n, out, db, campaign, d);
	mem_free(parts);
	return finish(rc, d);
}

/* TAYORI_COUNT_ALLOC: how many allocations the run made (tests/e2e/alloc_fail.sh). */
static void
print_alloc_count(void)
{
	fprintf(stderr, "tayori: %lu allocations\n", mem_count());
}

int
main(int argc, char **argv)
{
	diag d;
	char *dirs[6];
	const char *e;
	int rc;

	/* testing hooks, see README: fail the Nth allocation, count them */
	hooks_install();
	failpoint_init();
	cancel_install();
	if ((e = getenv("TAYORI_FAIL_ALLOC")) != NULL && *e)
		mem_fail_after(strtoul(e, NULL, 10));
	if ((e = getenv("TAYORI_COUNT_ALLOC")) != NULL && *e)
		atexit(print_alloc_count);
	diag_init(&d, stderr);
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tayori %s\n", TAYORI_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(argv[1], "db") == 0)
		return cmd_db(argc - 2, argv + 2, &d);
	if (strcmp(argv[1], "responses") == 0)
		return cmd_responses(argc - 2, argv + 2, &d);
	if (strcmp(argv[1], "report") == 0)
		return cmd_report(argc - 2, argv + 2, 0, &d);
	if (strcmp(argv[1], "campaigns") == 0)
		return cmd_report(argc - 2, argv + 2, 1, &d);
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(argc - 2, argv + 2, 0, &d);
	if (strcmp(argv[1], "check") == 0)
		return cmd_build(argc - 2, argv + 2, 1, &d);
	if (strcmp(argv[1], "labels") == 0)
		return cmd_labels(argc - 2, argv + 2, &d);
	if (strcmp(argv[1], "history") == 0)
		return cmd_history(argc - 2, argv + 2, &d);
	if (strcmp(argv[1], "manifest") == 0)
		return cmd_manifest(argc - 2, argv + 2, &d);
	if (strcmp(argv[1], "layouts") == 0) {
		if (want_help(argc, argv)) {
			puts("usage: tayori layouts\n\nList the layouts found beside the "
			    "current directory, in the source tree and in the installed "
			    "data directory.");
			return 0;
		}
		job_dirs(NULL, dirs);
		rc = job_list_layouts(dirs, &d);
		job_dirs_free(dirs);
		return finish(rc, &d);
	}
	diag_plain(&d, D_USAGE, "unknown command");
	fputs(usage_main, stderr);
	return 2;
}
