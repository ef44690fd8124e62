/* test_address: postal line order per country, honorifics, folding, postcodes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "address/address.h"

/*
 * The address as one string, a line per address line: a role letter
 * (P postal, S street, L locality, O org, N name, C country), a space,
 * the text, and " | honorific" when there is one.
 */
static const char *
dump(const address *a)
{
	static char out[4096];
	static const char roles[] = "PSLONC";
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < a->n; i++) {
		const addr_line *l = &a->lines[i];

		assert_true(l->role >= ADDR_POSTAL && l->role <= ADDR_COUNTRY);
		assert_non_null(l->text);
		assert_true(l->text[0] != '\0');
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%c %s%s%s\n",
		    roles[l->role], l->text, l->honorific ? " | " : "",
		    l->honorific ? l->honorific : "");
		assert_true(n < sizeof(out));
	}
	return out;
}

static void
check(const addr_fields *f, const char *from, const char *want)
{
	arena *ar = arena_new();
	address a;

	assert_int_equal(addr_format(f, from, &a, ar), 0);
	assert_string_equal(dump(&a), want);
	arena_free(ar);
}

static void
refused(const addr_fields *f, const char *from)
{
	arena *ar = arena_new();
	address a;

	a.n = 5;
	assert_int_equal(addr_format(f, from, &a, ar), -1);
	assert_int_equal(a.n, 0);
	arena_free(ar);
}

/*
 * Japan Post, 「宛名の書き方」 (horizontal writing): 〒 and the postcode,
 * the address from the prefecture, the building, then company,
 * department and the name with 様 (a person) or 御中 (an organisation).
 */

/*
 * The address Japan Post prints in its 郵便番号・バーコードマニュアル
 * (p17, the customer barcode example): 〒100-0013 東京都千代田区霞が関
 * 1丁目3番2号 郵便プラザ503室, set as a company with a department.
 */
static void
test_jp_japan_post_manual_address_in_postal_order(void **state)
{
	addr_fields f = {
		.company = "日本郵便株式会社", .department = "郵便番号担当",
		.postal_code = "１００－００１３", .region = "東京都",
		.city = "千代田区", .address1 = "霞が関1丁目3番2号",
		.address2 = "郵便プラザ503室",
	};

	check(&f, "JP",
	    "P 〒100-0013\n"
	    "S 東京都千代田区霞が関1丁目3番2号\n"
	    "S 郵便プラザ503室\n"
	    "O 日本郵便株式会社\n"
	    "N 郵便番号担当 | 御中\n");
}

static void
test_jp_person_gets_sama_after_family_and_given_name(void **state)
{
	addr_fields f = {
		.family_name = "山田", .given_name = "太郎",
		.postal_code = "1008798", .region = "東京都",
		.city = "千代田区", .address1 = "大手町2-3-1",
	};

	check(&f, "JP",
	    "P 〒100-8798\n"
	    "S 東京都千代田区大手町2-3-1\n"
	    "N 山田 太郎 | 様\n");
}

static void
test_jp_company_without_person_gets_onchu(void **state)
{
	addr_fields f = {
		.company = "株式会社ハーベスト", .honorific = "様",
		.postal_code = "530-0001", .region = "大阪府",
		.city = "大阪市北区", .address1 = "梅田1-1-3",
	};

	check(&f, NULL,
	    "P 〒530-0001\n"
	    "S 大阪府大阪市北区梅田1-1-3\n"
	    "N 株式会社ハーベスト | 御中\n");
}

static void
test_jp_department_without_person_carries_onchu(void **state)
{
	addr_fields f = {
		.company = "株式会社ハーベスト", .department = "営業部",
		.postal_code = "530-0001", .region = "大阪府",
		.city = "大阪市北区", .address1 = "梅田1-1-3",
	};

	check(&f, "JP",
	    "P 〒530-0001\n"
	    "S 大阪府大阪市北区梅田1-1-3\n"
	    "O 株式会社ハーベスト\n"
	    "N 営業部 | 御中\n");
}

static void
test_jp_person_at_company_and_department_gets_sama(void **state)
{
	addr_fields f = {
		.family_name = "佐藤", .given_name = "花子",
		.company = "株式会社ハーベスト", .department = "営業部",
		.postal_code = "530-0001", .region = "大阪府",
		.city = "大阪市北区", .address1 = "梅田1-1-3",
		.address2 = "梅田ビル5階",
	};

	check(&f, "JP",
	    "P 〒530-0001\n"
	    "S 大阪府大阪市北区梅田1-1-3\n"
	    "S 梅田ビル5階\n"
	    "O 株式会社ハーベスト\n"
	    "O 営業部\n"
	    "N 佐藤 花子 | 様\n");
}

static void
test_jp_joint_names_each_get_sama(void **state)
{
	addr_fields f = {
		.family_name = "山田", .given_name = "太郎",
		.joint_names = "花子\n山田 一郎\n",
		.postal_code = "100-8798", .region = "東京都",
		.city = "千代田区", .address1 = "大手町2-3-1",
	};

	check(&f, "JP",
	    "P 〒100-8798\n"
	    "S 東京都千代田区大手町2-3-1\n"
	    "N 山田 太郎 | 様\n"
	    "N 花子 | 様\n"
	    "N 山田 一郎 | 様\n");
}

/* A household listed whole (the addressee among the joint names) prints each name once. */
static void
test_jp_joint_names_print_the_addressee_once(void **state)
{
	addr_fields f = {
		.family_name = "山田", .given_name = "太郎",
		.joint_names = "山田　太郎\n山田 花子\n山田太郎\nHanako Yamada",
		.postal_code = "100-8798", .region = "東京都",
		.city = "千代田区", .address1 = "大手町2-3-1",
	};

	check(&f, "JP",
	    "P 〒100-8798\n"
	    "S 東京都千代田区大手町2-3-1\n"
	    "N 山田 太郎 | 様\n"
	    "N 山田 花子 | 様\n"
	    "N Hanako Yamada | 様\n");
}

static void
test_jp_record_honorific_replaces_sama(void **state)
{
	addr_fields f = {
		.family_name = "鈴木", .given_name = "一郎", .honorific = "先生",
		.joint_names = "鈴木 二郎",
		.postal_code = "100-8798", .region = "東京都",
		.city = "千代田区", .address1 = "大手町2-3-1",
	};

	check(&f, "JP",
	    "P 〒100-8798\n"
	    "S 東京都千代田区大手町2-3-1\n"
	    "N 鈴木 一郎 | 先生\n"
	    "N 鈴木 二郎 | 様\n");
}

static void
test_jp_single_name_has_no_stray_space(void **state)
{
	addr_fields f = {
		.family_name = "", .given_name = "ヒカル",
		.region = "東京都", .city = "千代田区", .address1 = "大手町2-3-1",
	};

	check(&f, "JP",
	    "S 東京都千代田区大手町2-3-1\n"
	    "N ヒカル | 様\n");
}

static void
test_jp_missing_postal_code_leaves_no_postal_line(void **state)
{
	addr_fields f = {
		.family_name = "山田", .given_name = "太郎", .postal_code = "  ",
		.region = "東京都", .city = "千代田区", .address1 = "大手町2-3-1",
		.address2 = "大手町ビル",
	};

	check(&f, "JP",
	    "S 東京都千代田区大手町2-3-1\n"
	    "S 大手町ビル\n"
	    "N 山田 太郎 | 様\n");
}

static void
test_full_width_digits_are_folded_in_postal_code_and_street(void **state)
{
	addr_fields f = {
		.family_name = "山田", .given_name = "太郎",
		.postal_code = "１００ー８７９８",
		.region = "東京都", .city = "千代田区",
		.address1 = "大手町２−３‐１",
		.address2 = "センチュリー２１ビル　ＡＢＣ号室",
	};

	/* the ー of センチュリー is not between digits: it stays */
	check(&f, "JP",
	    "P 〒100-8798\n"
	    "S 東京都千代田区大手町2-3-1\n"
	    "S センチュリー21ビル ABC号室\n"
	    "N 山田 太郎 | 様\n");
}

static void
test_jp_address_mailed_from_abroad_keeps_japanese_order(void **state)
{
	addr_fields f = {
		.family_name = "山田", .given_name = "太郎", .country = "jp",
		.postal_code = "100-8798", .region = "東京都",
		.city = "千代田区", .address1 = "大手町2-3-1",
	};

	check(&f, "US",
	    "P 〒100-8798\n"
	    "S 東京都千代田区大手町2-3-1\n"
	    "N 山田 太郎 | 様\n"
	    "C JAPAN\n");
}

/*
 * USPS Publication 28, Postal Addressing Standards: recipient, delivery
 * address line with the secondary unit at its end, and the last line
 * CITY ST ZIP+4 without punctuation. The first example is the address
 * printed in Publication 28's own transmittal letter.
 */

static void
test_us_address_follows_usps_city_state_zip_line(void **state)
{
	addr_fields f = {
		.department = "ADDRESS SERVICES", .company = "U.S. POSTAL SERVICE",
		.country = "US", .address1 = "N HUMPHREYS BLVD",
		.address2 = "STE 501", .city = "Memphis", .region = "TN",
		.postal_code = "38188-1001",
	};

	check(&f, "US",
	    "O ADDRESS SERVICES\n"
	    "N U.S. POSTAL SERVICE\n"
	    "S N HUMPHREYS BLVD STE 501\n"
	    "L MEMPHIS TN 38188-1001\n");
}

static void
test_us_western_title_precedes_given_name_and_zip4_is_hyphenated(void **state)
{
	addr_fields f = {
		.family_name = "Smith", .given_name = "John", .honorific = "Mr.",
		.company = "ABC Movers", .country = "US",
		.address1 = "1500 E Main Ave", .address2 = "Apt. 201",
		.city = "St. Louis", .region = "MO", .postal_code = "631011234",
	};

	check(&f, "US",
	    "N Mr. John Smith\n"
	    "O ABC Movers\n"
	    "S 1500 E Main Ave Apt. 201\n"
	    "L ST LOUIS MO 63101-1234\n");
}

static void
test_us_secondary_line_that_is_not_a_unit_goes_above_delivery_line(void **state)
{
	addr_fields f = {
		.given_name = "Mary", .family_name = "Jones", .country = "US",
		.address1 = "102 Main St", .address2 = "Riverside Towers",
		.city = "Wellesley", .region = "MA", .postal_code = "02482",
	};

	check(&f, "US",
	    "N Mary Jones\n"
	    "S Riverside Towers\n"
	    "S 102 Main St\n"
	    "L WELLESLEY MA 02482\n");
}

static void
test_us_unit_too_long_for_one_line_goes_above_delivery_line(void **state)
{
	addr_fields f = {
		.given_name = "Mary", .family_name = "Jones", .country = "US",
		.address1 = "13560 Executive Center Drive Northwest",
		.address2 = "Suite 202",
		.city = "Atlanta", .region = "GA", .postal_code = "30303",
	};

	check(&f, "US",
	    "N Mary Jones\n"
	    "S Suite 202\n"
	    "S 13560 Executive Center Drive Northwest\n"
	    "L ATLANTA GA 30303\n");
}

/*
 * Royal Mail / Post Office, "Clear addressing": name, house number and
 * street, locality, POST TOWN in capitals, postcode on a separate line.
 */

static void
test_uk_post_town_in_capitals_and_postcode_on_its_own_line(void **state)
{
	addr_fields f = {
		.honorific = "Mr", .given_name = "A", .family_name = "Smith",
		.country = "GB", .address1 = "3a High Street",
		.address2 = "Hedge End", .city = "Southampton",
		.region = "Hampshire", .postal_code = "so314ng",
	};

	check(&f, "GB",
	    "N Mr A Smith\n"
	    "S 3a High Street\n"
	    "S Hedge End\n"
	    "L SOUTHAMPTON\n"
	    "P SO31 4NG\n");
}

/*
 * Deutsche Post, "Richtig adressieren" (DIN 5008): company, then the
 * person, street and house number, "PLZ Ort" without a blank line.
 */

static void
test_de_company_before_person_and_postcode_before_town(void **state)
{
	addr_fields f = {
		.company = "Deutsche Post AG", .honorific = "Frau",
		.given_name = "Erika", .family_name = "Mustermann",
		.country = "de", .address1 = "Charles-de-Gaulle-Straße 20",
		.city = "Bonn", .postal_code = "53113",
	};

	check(&f, "DE",
	    "O Deutsche Post AG\n"
	    "N Frau Erika Mustermann\n"
	    "S Charles-de-Gaulle-Straße 20\n"
	    "L 53113 Bonn\n");
}

/*
 * La Poste, NF Z 10-011: name, compléments (point de remise, bâtiment),
 * numéro et voie, then code postal and LOCALITÉ in capitals without
 * accents or punctuation.
 */

static void
test_fr_complements_above_street_and_town_in_capitals(void **state)
{
	addr_fields f = {
		.honorific = "Monsieur", .given_name = "Jean",
		.family_name = "DELHOURME", .country = "FR",
		.address2 = "Chez Mireille COPEAU Appartement 2\n"
		    "Entrée A Bâtiment Jonquille",
		.address1 = "25 RUE DE L EGLISE", .city = "Mios",
		.postal_code = "33380",
	};

	check(&f, "FR",
	    "N Monsieur Jean DELHOURME\n"
	    "S Chez Mireille COPEAU Appartement 2\n"
	    "S Entrée A Bâtiment Jonquille\n"
	    "S 25 RUE DE L EGLISE\n"
	    "L 33380 MIOS\n");
}

static void
test_fr_company_first_and_town_loses_accents_and_hyphens(void **state)
{
	addr_fields f = {
		.company = "Société Dupont", .honorific = "Mme",
		.given_name = "Claire", .family_name = "Martin",
		.department = "Service achats", .country = "FR",
		.address1 = "12 rue de la Paix", .city = "Saint-Étienne",
		.postal_code = "42000",
	};

	check(&f, "FR",
	    "O Société Dupont\n"
	    "N Mme Claire Martin\n"
	    "O Service achats\n"
	    "S 12 rue de la Paix\n"
	    "L 42000 SAINT ETIENNE\n");
}

/* UPU S42 general form for other countries: postcode, town, region. */

static void
test_fallback_country_prints_lines_in_stored_order_then_locality(void **state)
{
	addr_fields f = {
		.given_name = "Mario", .family_name = "Rossi", .country = "IT",
		.address1 = "Via Roma 10", .address2 = "Scala B",
		.city = "ROMA", .region = "RM", .postal_code = "00144",
	};

	check(&f, "IT",
	    "N Mario Rossi\n"
	    "S Via Roma 10\n"
	    "S Scala B\n"
	    "L 00144 ROMA RM\n");
}

static void
test_country_line_only_when_mailing_abroad(void **state)
{
	addr_fields f = {
		.given_name = "Mary", .family_name = "Jones", .country = "US",
		.address1 = "102 Main St", .city = "Wellesley", .region = "MA",
		.postal_code = "02482",
	};
	addr_fields u = {
		.given_name = "Mario", .family_name = "Rossi", .country = "XK",
		.address1 = "Rruga 1", .city = "Prishtina",
		.postal_code = "10000",
	};

	check(&f, "US",
	    "N Mary Jones\n"
	    "S 102 Main St\n"
	    "L WELLESLEY MA 02482\n");
	check(&f, "JP",
	    "N Mary Jones\n"
	    "S 102 Main St\n"
	    "L WELLESLEY MA 02482\n"
	    "C UNITED STATES\n");
	f.country = "uk";
	f.region = NULL;
	f.postal_code = "EC1A 1BB";
	f.city = "London";
	check(&f, NULL,
	    "N Mary Jones\n"
	    "S 102 Main St\n"
	    "L LONDON\n"
	    "P EC1A 1BB\n"
	    "C UNITED KINGDOM\n");
	check(&f, "GB",
	    "N Mary Jones\n"
	    "S 102 Main St\n"
	    "L LONDON\n"
	    "P EC1A 1BB\n");
	/* a country not in the table is named by its code */
	check(&u, "JP",
	    "N Mario Rossi\n"
	    "S Rruga 1\n"
	    "L 10000 Prishtina\n"
	    "C XK\n");
}

static void
test_japanese_honorific_only_on_foreign_address_when_record_says_so(void **state)
{
	addr_fields f = {
		.given_name = "Mary", .family_name = "Jones", .country = "US",
		.address1 = "102 Main St", .city = "Wellesley", .region = "MA",
		.postal_code = "02482",
	};

	check(&f, "JP",
	    "N Mary Jones\n"
	    "S 102 Main St\n"
	    "L WELLESLEY MA 02482\n"
	    "C UNITED STATES\n");
	f.honorific = "様";
	check(&f, "JP",
	    "N Mary Jones | 様\n"
	    "S 102 Main St\n"
	    "L WELLESLEY MA 02482\n"
	    "C UNITED STATES\n");
}

static void
test_empty_fields_leave_no_blank_lines(void **state)
{
	addr_fields f = {
		.family_name = "山田", .given_name = " ", .company = "",
		.department = "\n \n", .honorific = NULL, .joint_names = "\n\n",
		.postal_code = "", .country = "", .region = "東京都",
		.city = NULL, .address1 = "千代田区大手町2-3-1",
		.address2 = " \t ",
	};

	check(&f, "JP",
	    "S 東京都千代田区大手町2-3-1\n"
	    "N 山田 | 様\n");
}

static void
test_spaces_are_trimmed_and_collapsed_and_newlines_split_lines(void **state)
{
	addr_fields f = {
		.given_name = "  Mary  Ann ", .family_name = "\tJones ",
		.country = " US ", .company = "Acme\r\nHoldings  Inc",
		.address1 = " 102   Main St ", .city = " Wellesley ",
		.region = "MA", .postal_code = " 02482 ",
	};

	check(&f, "US",
	    "N Mary Ann Jones\n"
	    "O Acme\n"
	    "O Holdings Inc\n"
	    "S 102 Main St\n"
	    "L WELLESLEY MA 02482\n");
}

static void
test_record_without_name_or_address_is_refused(void **state)
{
	addr_fields noname = {
		.honorific = "様", .joint_names = "花子",
		.region = "東京都", .city = "千代田区", .address1 = "大手町2-3-1",
	};
	addr_fields nostreet = {
		.family_name = "山田", .postal_code = "100-8798",
	};
	addr_fields blank = {
		.family_name = " ", .company = "\n", .address1 = "x",
	};

	refused(&noname, "JP");
	refused(&nostreet, "JP");
	refused(&blank, "JP");
}

static void
test_more_lines_than_fit_is_refused(void **state)
{
	char joint[512];
	addr_fields f = {
		.family_name = "山田", .region = "東京都",
		.address1 = "大手町2-3-1", .joint_names = joint,
	};

	joint[0] = '\0';
	for (int i = 0; i < ADDR_MAX_LINES; i++)
		strcat(joint, "花子\n");
	refused(&f, "JP");
}

static void
test_postal_codes_are_normalized_per_country(void **state)
{
	arena *ar = arena_new();

	assert_string_equal(addr_postal_code("1008798", "JP", ar), "100-8798");
	assert_string_equal(addr_postal_code("〒１００－８７９８", NULL, ar),
	    "100-8798");
	assert_string_equal(addr_postal_code(" 100 8798 ", "jp", ar),
	    "100-8798");
	assert_string_equal(addr_postal_code("12345", "US", ar), "12345");
	assert_string_equal(addr_postal_code("123456789", "US", ar),
	    "12345-6789");
	assert_string_equal(addr_postal_code("１２３４５ー６７８９", "US", ar),
	    "12345-6789");
	assert_string_equal(addr_postal_code("sw1a1aa", "GB", ar), "SW1A 1AA");
	assert_string_equal(addr_postal_code("M1  1AE", "GB", ar), "M1 1AE");
	assert_string_equal(addr_postal_code("ｄｎ５５　１ｐｔ", "UK", ar),
	    "DN55 1PT");
	/* not that country's shape: folded, otherwise unchanged */
	assert_string_equal(addr_postal_code("１２３４", "JP", ar), "1234");
	assert_string_equal(addr_postal_code("1234", "US", ar), "1234");
	assert_string_equal(addr_postal_code("SW1A-1AA", "GB", ar), "SW1A-1AA");
	assert_string_equal(addr_postal_code("k1a 0b1", "CA", ar), "k1a 0b1");
	assert_string_equal(addr_postal_code(NULL, "JP", ar), "");
	arena_free(ar);
}

static void
test_fold_digits_turns_hyphens_to_ascii_only_between_digits(void **state)
{
	arena *ar = arena_new();

	assert_string_equal(addr_fold_digits("１－２ー３―４", ar), "1-2-3-4");
	assert_string_equal(addr_fold_digits("ＡＢＣ　ｘｙｚ", ar),
	    "ABC　xyz");
	assert_string_equal(addr_fold_digits("センター1ー", ar), "センター1ー");
	assert_string_equal(addr_fold_digits("ー1", ar), "ー1");
	assert_string_equal(addr_fold_digits("", ar), "");
	arena_free(ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jp_japan_post_manual_address_in_postal_order),
		cmocka_unit_test(test_jp_person_gets_sama_after_family_and_given_name),
		cmocka_unit_test(test_jp_company_without_person_gets_onchu),
		cmocka_unit_test(test_jp_department_without_person_carries_onchu),
		cmocka_unit_test(test_jp_person_at_company_and_department_gets_sama),
		cmocka_unit_test(test_jp_joint_names_each_get_sama),
		cmocka_unit_test(test_jp_joint_names_print_the_addressee_once),
		cmocka_unit_test(test_jp_record_honorific_replaces_sama),
		cmocka_unit_test(test_jp_single_name_has_no_stray_space),
		cmocka_unit_test(test_jp_missing_postal_code_leaves_no_postal_line),
		cmocka_unit_test(test_full_width_digits_are_folded_in_postal_code_and_street),
		cmocka_unit_test(test_jp_address_mailed_from_abroad_keeps_japanese_order),
		cmocka_unit_test(test_us_address_follows_usps_city_state_zip_line),
		cmocka_unit_test(test_us_western_title_precedes_given_name_and_zip4_is_hyphenated),
		cmocka_unit_test(test_us_secondary_line_that_is_not_a_unit_goes_above_delivery_line),
		cmocka_unit_test(test_us_unit_too_long_for_one_line_goes_above_delivery_line),
		cmocka_unit_test(test_uk_post_town_in_capitals_and_postcode_on_its_own_line),
		cmocka_unit_test(test_de_company_before_person_and_postcode_before_town),
		cmocka_unit_test(test_fr_complements_above_street_and_town_in_capitals),
		cmocka_unit_test(test_fr_company_first_and_town_loses_accents_and_hyphens),
		cmocka_unit_test(test_fallback_country_prints_lines_in_stored_order_then_locality),
		cmocka_unit_test(test_country_line_only_when_mailing_abroad),
		cmocka_unit_test(test_japanese_honorific_only_on_foreign_address_when_record_says_so),
		cmocka_unit_test(test_empty_fields_leave_no_blank_lines),
		cmocka_unit_test(test_spaces_are_trimmed_and_collapsed_and_newlines_split_lines),
		cmocka_unit_test(test_record_without_name_or_address_is_refused),
		cmocka_unit_test(test_more_lines_than_fit_is_refused),
		cmocka_unit_test(test_postal_codes_are_normalized_per_country),
		cmocka_unit_test(test_fold_digits_turns_hyphens_to_ascii_only_between_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
