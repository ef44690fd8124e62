/* test_jpbarcode: Japan Post's published extraction examples, kanji numerals, truncation, and the 67 bars. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "address/jpbarcode.h"

/*
 * Japan Post, 郵便番号・バーコードマニュアル p25 (the test addresses and
 * the symbol each must give, start to stop) and p17 (the 霞が関 example),
 * written line for line. The data is what precedes the CC4 padding; case
 * 15 is cut at 20 places, case 16 keeps B's CC1 alone in the 20th.
 */
static const struct published {
	const char *postal, *address, *data, *symbol;
} published[] = {
	{ "263-0023", "千葉市稲毛区緑町3丁目30-8　郵便ビル403号", "26300233-30-8-403",
	  "STC 2 6 3 0 0 2 3 3 - 3 0 - 8 - 4 0 3 CC4 CC4 CC4 5 SPC" },
	{ "014-0113", "秋田県大仙市堀見内　南田茂木　添60-1", "014011360-1",
	  "STC 0 1 4 0 1 1 3 6 0 - 1 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC8 SPC" },
	{ "110-0016", "東京都台東区台東5-6-3　ABCビル10F", "11000165-6-3-10",
	  "STC 1 1 0 0 0 1 6 5 - 6 - 3 - 1 0 CC4 CC4 CC4 CC4 CC4 9 SPC" },
	{ "060-0906", "北海道札幌市東区北六条東4丁目　郵便センター6号館", "06009064-6",
	  "STC 0 6 0 0 9 0 6 4 - 6 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9 SPC" },
	{ "065-0006", "北海道札幌市東区北六条東8丁目　郵便センター10号館", "06500068-10",
	  "STC 0 6 5 0 0 0 6 8 - 1 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9 SPC" },
	{ "407-0033", "山梨県韮崎市龍岡町下條南割　韮崎400", "4070033400",
	  "STC 4 0 7 0 0 3 3 4 0 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 - SPC" },
	{ "273-0102", "千葉県鎌ケ谷市右京塚　東3丁目-20-5　郵便・A&bコーポB604号", "27301023-20-5B604",
	  "STC 2 7 3 0 1 0 2 3 - 2 0 - 5 CC1 1 6 0 4 CC4 CC4 0 SPC" },
	{ "198-0036", "東京都青梅市河辺町十一丁目六番地一号　郵便タワー601", "198003611-6-1-601",
	  "STC 1 9 8 0 0 3 6 1 1 - 6 - 1 - 6 0 1 CC4 CC4 CC4 CC8 SPC" },
	{ "027-0203", "岩手県宮古市大字津軽石第二十一地割大淵川480", "027020321-480",
	  "STC 0 2 7 0 2 0 3 2 1 - 4 8 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC5 SPC" },
	{ "590-0016", "大阪府堺市堺区中田出井町四丁六番十九号", "59000164-6-19",
	  "STC 5 9 0 0 0 1 6 4 - 6 - 1 9 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC2 SPC" },
	{ "080-0831", "北海道帯広市稲田町南七線　西28", "08008317-28",
	  "STC 0 8 0 0 8 3 1 7 - 2 8 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC7 SPC" },
	{ "317-0055", "茨城県日立市宮田町6丁目7-14　ABCビル2F", "31700556-7-14-2",
	  "STC 3 1 7 0 0 5 5 6 - 7 - 1 4 - 2 CC4 CC4 CC4 CC4 CC4 CC1 SPC" },
	{ "650-0046", "神戸市中央区港島中町9丁目7-6　郵便シティA棟1F1号", "65000469-7-6A1-1",
	  "STC 6 5 0 0 0 4 6 9 - 7 - 6 CC1 0 1 - 1 CC4 CC4 CC4 5 SPC" },
	{ "623-0011", "京都府綾部市青野町綾部6-7　LプラザB106", "62300116-7LB106",
	  "STC 6 2 3 0 0 1 1 6 - 7 CC2 1 CC1 1 1 0 6 CC4 CC4 CC4 4 SPC" },
	{ "064-0804", "札幌市中央区南四条西29丁目1524-23　第2郵便ハウス501", "064080429-1524-23-2-",
	  "STC 0 6 4 0 8 0 4 2 9 - 1 5 2 4 - 2 3 - 2 - 3 SPC" },
	{ "910-0067", "福井県福井市新田塚3丁目80-25　J1ビル2-B", "91000673-80-25J1-2B",
	  "STC 9 1 0 0 0 6 7 3 - 8 0 - 2 5 CC1 9 1 - 2 CC1 9 SPC" },
	{ "100-0013", "東京都千代田区霞が関1丁目3番2号　郵便プラザ503室", "10000131-3-2-503",
	  "STC 1 0 0 0 0 1 3 1 - 3 - 2 - 5 0 3 CC4 CC4 CC4 CC4 9 SPC" },
};

#define NPUBLISHED (sizeof(published) / sizeof(published[0]))

/*
 * Bars of each symbol character (zipmanual p10-p11): 1 long, 2 ascender
 * (セミロングバー上), 3 descender (セミロングバー下), 4 timing.
 */
static const struct {
	const char *name, *bars;
} table[] = {
	{ "0", "144" }, { "1", "114" }, { "2", "132" }, { "3", "312" },
	{ "4", "123" }, { "5", "141" }, { "6", "321" }, { "7", "213" },
	{ "8", "231" }, { "9", "411" }, { "-", "414" },
	{ "CC1", "324" }, { "CC2", "342" }, { "CC3", "234" }, { "CC4", "432" },
	{ "CC5", "243" }, { "CC6", "423" }, { "CC7", "441" }, { "CC8", "111" },
	{ "STC", "13" }, { "SPC", "31" },
};

/* The bar kinds of a published symbol, written as above. */
static int
expected_kinds(const char *symbol, int *kinds)
{
	static const int kind[] = { JPBAR_LONG, JPBAR_ASCENDER, JPBAR_DESCENDER,
	    JPBAR_TIMING };
	char tok[8];
	const char *p = symbol;
	size_t i, t, len;
	int n = 0;

	while (*p != '\0') {
		len = strcspn(p, " ");
		assert_true(len < sizeof(tok));
		memcpy(tok, p, len);
		tok[len] = '\0';
		for (t = 0; t < sizeof(table) / sizeof(table[0]); t++)
			if (strcmp(table[t].name, tok) == 0)
				break;
		assert_true(t < sizeof(table) / sizeof(table[0]));
		for (i = 0; table[t].bars[i] != '\0'; i++) {
			assert_true(n < JPBAR_NBARS);
			kinds[n++] = kind[table[t].bars[i] - '1'];
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void
assert_data(const char *postal, const char *address, const char *want)
{
	char out[JPBAR_DATA_SIZE];
	int n;

	n = jpbar_data(postal, address, out, sizeof(out));
	if (n == -1 || strcmp(out, want) != 0)
		print_error("jpbar_data(%s, %s) = %d \"%s\", want \"%s\"\n",
		    postal, address, n, n == -1 ? "" : out, want);
	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(out, want);
}

static void
test_published_examples_extract_as_in_the_manual(void **state)
{
	size_t i;

	for (i = 0; i < NPUBLISHED; i++)
		assert_data(published[i].postal, published[i].address,
		    published[i].data);
}

static void
test_published_examples_encode_to_the_published_bars(void **state)
{
	char data[JPBAR_DATA_SIZE];
	int want[JPBAR_NBARS];
	jpbar b;
	size_t i;
	int k;

	for (i = 0; i < NPUBLISHED; i++) {
		assert_int_equal(expected_kinds(published[i].symbol, want),
		    JPBAR_NBARS);
		assert_true(jpbar_data(published[i].postal, published[i].address,
		    data, sizeof(data)) > 0);
		assert_int_equal(jpbar_bars(data, 1.0, &b), 0);
		assert_int_equal(b.n, JPBAR_NBARS);
		for (k = 0; k < JPBAR_NBARS; k++) {
			if (b.bars[k].kind != want[k])
				print_error("%s: bar %d is %d, want %d\n",
				    published[i].data, k, b.bars[k].kind, want[k]);
			assert_int_equal(b.bars[k].kind, want[k]);
		}
	}
}

/*
 * The two examples of zipmanual p6, as bar shapes: F long, A ascender,
 * D descender, T timing (as zint's and a Rust encoder's tests have them,
 * checked against the manual's drawing).
 */
/*
 * Bars put together from the table read from zint are zint's own, for
 * data of every kind: digits, hyphens, letters (a last one cut to its
 * control code), every check digit, at every scale; refusals alike.
 */
static void
test_bars_from_the_table_are_zints(void **state)
{
	static const char chars[] = "0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const char *const odd[] = {"", "12a", "1234567890123456789012",
	    "ABCDEFGHIJK", "1234567890123456789Z", "12345678901234567AB", NULL};
	char why[100], data[32];
	jpbar_table *t = jpbar_table_new(why, sizeof(why));
	unsigned seed = 20261201;
	jpbar a, b;

	assert_non_null(t);
	for (int i = 0; i < 3000; i++) {
		int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 21;
		double scale = i % 3 == 0 ? 1 : i % 3 == 1 ? 0.8 : 1.15;

		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly digits and hyphens, as addresses are */
			data[k] = chars[(seed >> 16) % (k % 4 == 3 ? 37 : 11)];
		}
		data[n] = '\0';
		assert_int_equal(jpbar_bars_from(t, data, scale, &a), jpbar_bars(data, scale, &b));
		assert_memory_equal(&a, &b, sizeof(a));
	}
	for (int i = 0; odd[i]; i++) {
		assert_int_equal(jpbar_bars_from(t, odd[i], 1, &a), jpbar_bars(odd[i], 1, &b));
		assert_memory_equal(&a, &b, sizeof(a));
	}
	assert_int_equal(jpbar_bars_from(t, "1234567", 0.5, &a), -1);
	jpbar_table_free(t);
}

static void
test_manual_p6_examples_draw_the_published_shapes(void **state)
{
	static const struct {
		const char *data, *shapes;
	} ex[] = {
		{ "15400233-16-4-205",
		  "FDFFTFTFFADFTTFTTFDADFADFATFTFFTDAFTFTFADTFTFDAFTTFTFTDATDATDADAFDF" },
		{ "350110622-1A308",
		  "FDDFAFTFFTTFFTFFTFTTDAFFDAFDATFTFFTDATFTTDFAFTTADFTDATDATDATDAFTFDF" },
	};
	jpbar b;
	size_t i;
	int k;

	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		assert_int_equal(jpbar_bars(ex[i].data, 1.0, &b), 0);
		for (k = 0; k < JPBAR_NBARS; k++)
			assert_int_equal(ex[i].shapes[k], "FADT"[b.bars[k].kind]);
	}
}

static void
test_kanji_numerals_before_a_marker_become_digits(void **state)
{
	assert_data("460-0011", "大須一丁目二十五番二十八号", "46000111-25-28");
	assert_data("460-0011", "大須三丁目十一番地の二十三号", "46000113-11-23");
	assert_data("460-0011", "本町百五番地", "4600011105");
	assert_data("460-0011", "本町一〇五番地", "4600011105");
	assert_data("460-0011", "本町二三号", "460001123");
	assert_data("460-0011", "本町千番地", "46000111000");
}

static void
test_kanji_numerals_without_a_marker_are_text(void **state)
{
	/* 二十八 ends the address with no 号: the manual does not convert it. */
	assert_data("460-0011", "大須一丁目二十五番二十八", "46000111-25");
	assert_data("060-0906", "北六条東", "0600906");
}

static void
test_town_name_with_a_kanji_numeral_stays_text(void **state)
{
	assert_data("108-0073", "三田3-5-1", "10800733-5-1");
	assert_data("160-0004", "四谷三丁目2-1", "16000043-2-1");
	assert_data("102-0082", "一番町10-3", "102008210-3");
	assert_data("104-0032", "八丁堀3丁目", "10400323");
	assert_data("116-0011", "三ノ輪2丁目14-5", "11600112-14-5");
	assert_data("442-0000", "一の宮町五番地", "44200005");
}

static void
test_full_width_digits_and_letters_are_folded(void **state)
{
	assert_data("１２３－４５６７", "本町３丁目２－１　ａ棟", "12345673-2-1A");
	assert_data("〒123-4567", "本町１－２－３　１０２号室", "12345671-2-3-102");
	assert_data("123 4567", "1-2", "12345671-2");
	assert_data("1234567", NULL, "1234567");
	assert_data("1234567", "", "1234567");
}

static void
test_floors_and_building_names_follow_the_manual(void **state)
{
	/* A floor: 階 is text and F after a digit is too (補足2-3). */
	assert_data("1234567", "本町1-2-3 郵便ビル5階", "12345671-2-3-5");
	assert_data("1234567", "本町1-2-3 郵便ビル5F 501", "12345671-2-3-5-501");
	/* A letter on its own is kept next to digits; two letters are text. */
	assert_data("1234567", "本町3-2-1A", "12345673-2-1A");
	assert_data("1234567", "本町3-2-1 AB棟", "12345673-2-1");
}

static void
test_data_is_cut_at_twenty_places_with_a_letter_counting_two(void **state)
{
	assert_data("1234567", "1-2-3-4-5-6-7-8-9", "12345671-2-3-4-5-6-7");
	assert_data("1234567", "12-34-5678 A1", "123456712-34-5678A1");
	assert_data("1234567", "12-34-56789 A1", "123456712-34-56789A");
	/* A straddles places 20-21: kept, only its control code is drawn. */
	assert_data("1234567", "12-34-567890 A1", "123456712-34-567890A");
}

static void
test_bad_postal_code_is_refused(void **state)
{
	char out[JPBAR_DATA_SIZE];

	assert_int_equal(jpbar_data("123-456", "1-2", out, sizeof(out)), -1);
	assert_int_equal(jpbar_data("123-45678", "1-2", out, sizeof(out)), -1);
	assert_int_equal(jpbar_data("12a-4567", "1-2", out, sizeof(out)), -1);
	assert_int_equal(jpbar_data("", "1-2", out, sizeof(out)), -1);
	assert_int_equal(jpbar_data(NULL, "1-2", out, sizeof(out)), -1);
	/* Too small a buffer, even when the data would fit. */
	assert_int_equal(jpbar_data("123-4567", NULL, out, JPBAR_DATA_SIZE - 1), -1);
}

static void
test_every_symbol_has_67_bars_between_start_and_stop_codes(void **state)
{
	static const char *const data[] = {
		"1234567", "00000000000000000000", "1234567ABCDEF",
		"1234567ZZZZZZ", "1234567------------9", "12345671-2-3-4-5-6-7",
		"123456712-34-56789A", "123456712-34-567890A",
	};
	jpbar b;
	size_t i;

	for (i = 0; i < sizeof(data) / sizeof(data[0]); i++) {
		assert_int_equal(jpbar_bars(data[i], 1.0, &b), 0);
		assert_int_equal(b.n, JPBAR_NBARS);
		assert_string_equal(b.errtxt, "");
		assert_int_equal(b.bars[0].kind, JPBAR_LONG);
		assert_int_equal(b.bars[1].kind, JPBAR_DESCENDER);
		assert_int_equal(b.bars[65].kind, JPBAR_DESCENDER);
		assert_int_equal(b.bars[66].kind, JPBAR_LONG);
	}
}

static void
test_bars_are_sized_to_the_10pt_spec_times_scale(void **state)
{
	static const double scales[] = { 1.0, 0.8, 1.15 };
	jpbar b;
	size_t i;
	int k;

	for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
		double s = scales[i];

		assert_int_equal(jpbar_bars("26300233-30-8-403", s, &b), 0);
		assert_true(fabs(b.width - (66 * 1.2 + 0.6) * s) < 1e-9);
		assert_true(fabs(b.height - 3.6 * s) < 1e-9);
		for (k = 0; k < JPBAR_NBARS; k++) {
			const jpbar_bar *r = &b.bars[k];

			assert_true(fabs(r->x - k * 1.2 * s) < 1e-9);
			assert_true(fabs(r->w - 0.6 * s) < 1e-9);
			switch (r->kind) {
			case JPBAR_LONG:
				assert_true(fabs(r->y) < 1e-9 && fabs(r->h - 3.6 * s) < 1e-9);
				break;
			case JPBAR_ASCENDER:
				assert_true(fabs(r->y - 1.2 * s) < 1e-9 && fabs(r->h - 2.4 * s) < 1e-9);
				break;
			case JPBAR_DESCENDER:
				assert_true(fabs(r->y) < 1e-9 && fabs(r->h - 2.4 * s) < 1e-9);
				break;
			default:
				assert_int_equal(r->kind, JPBAR_TIMING);
				assert_true(fabs(r->y - 1.2 * s) < 1e-9 && fabs(r->h - 1.2 * s) < 1e-9);
			}
		}
	}
}

static void
test_scale_outside_8_to_11_5_points_is_refused(void **state)
{
	jpbar b;

	assert_int_equal(jpbar_bars("1234567", 0.79, &b), -1);
	assert_non_null(strstr(b.errtxt, "scale"));
	assert_int_equal(jpbar_bars("1234567", 1.16, &b), -1);
	assert_non_null(strstr(b.errtxt, "scale"));
	assert_int_equal(jpbar_bars("1234567", NAN, &b), -1);
}

static void
test_bad_or_too_long_data_is_refused_with_a_reason(void **state)
{
	jpbar b;

	assert_int_equal(jpbar_bars("1234567$", 1.0, &b), -1);
	assert_non_null(strstr(b.errtxt, "position 8"));
	assert_int_equal(jpbar_bars("123456789012345678901", 1.0, &b), -1);
	assert_non_null(strstr(b.errtxt, "21 places"));
	assert_int_equal(jpbar_bars("1234567890123456789AB", 1.0, &b), -1);
	assert_int_equal(b.n, 0);
	assert_int_equal(jpbar_bars("", 1.0, &b), -1);
	assert_int_equal(jpbar_bars(NULL, 1.0, &b), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published_examples_extract_as_in_the_manual),
		cmocka_unit_test(test_published_examples_encode_to_the_published_bars),
		cmocka_unit_test(test_manual_p6_examples_draw_the_published_shapes),
		cmocka_unit_test(test_kanji_numerals_before_a_marker_become_digits),
		cmocka_unit_test(test_kanji_numerals_without_a_marker_are_text),
		cmocka_unit_test(test_town_name_with_a_kanji_numeral_stays_text),
		cmocka_unit_test(test_full_width_digits_and_letters_are_folded),
		cmocka_unit_test(test_floors_and_building_names_follow_the_manual),
		cmocka_unit_test(test_data_is_cut_at_twenty_places_with_a_letter_counting_two),
		cmocka_unit_test(test_bad_postal_code_is_refused),
		cmocka_unit_test(test_every_symbol_has_67_bars_between_start_and_stop_codes),
		cmocka_unit_test(test_bars_are_sized_to_the_10pt_spec_times_scale),
		cmocka_unit_test(test_scale_outside_8_to_11_5_points_is_refused),
		cmocka_unit_test(test_bad_or_too_long_data_is_refused_with_a_reason),
		cmocka_unit_test(test_bars_from_the_table_are_zints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
