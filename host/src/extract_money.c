/*
 * extract_money.c - amounts of money, converted to US dollars a month.
 *
 * An amount is read as
 *
 *   [currency] NUMBER [multiplier] [currency]
 *       [RANGE-LINK [currency] NUMBER [multiplier]] [currency] [period]
 *
 * with a period word also accepted just before it ("月薪8000元",
 * "monthly $900"). Examples: "$1,500", "us$ 1.200", "rp 7 juta",
 * "15-30 triệu đồng/tháng", "₱50k", "2 lakh", "月入过万", "40 000 руб".
 *
 * Choices, all deliberate:
 *  - a number with no currency is not money, unless its multiplier names
 *    one by itself (triệu: VND, juta/ribu: IDR, lakh/crore: INR, 万: CNY,
 *    тыс: RUB, тис: UAH, หมื่น/แสน: THB);
 *  - a range counts as its upper bound: lures advertise the top figure,
 *    and the rules compare it with a typical wage; the second number's
 *    multiplier applies to it, or else the first one's ("15-30 triệu");
 *  - "1.200" and "1,200" are thousands, "1.5" and "1,50" decimals: a
 *    separator followed by exactly three digits groups thousands;
 *  - no written period means monthly (subtype "none"), since job adverts
 *    quote monthly pay far more often than anything else;
 *  - periods convert with hour x173, day x26, week x4.33, year /12.
 * Rates come from rules/data/currencies.json and are approximate.
 */
#include "extract_int.h"
#include "lurewatch.h"

#include <stdlib.h>
#include <string.h>

/* Numbers with more digits than this are ids or phone numbers. */
#define MONEY_MAX_DIGITS 12
/* Spaces allowed between the parts of an amount ("us$ 1.200"). */
#define MONEY_GAP 3

/* Multipliers written after a number, and the currency some imply. */
static const struct multiplier {
	const char *word;
	double factor;
	const char *implies; /* ISO code, or NULL */
} multipliers[] = {
	{"k", 1e3, NULL},	{"m", 1e6, NULL},	{"mn", 1e6, NULL},
	{"mln", 1e6, NULL},	{"million", 1e6, NULL}, {"millions", 1e6, NULL},
	{"triệu", 1e6, "VND"},	{"tr", 1e6, "VND"},	{"nghìn", 1e3, "VND"},
	{"ngàn", 1e3, "VND"},	{"juta", 1e6, "IDR"},	{"jt", 1e6, "IDR"},
	{"ribu", 1e3, "IDR"},	{"rb", 1e3, "IDR"},	{"lakh", 1e5, "INR"},
	{"lakhs", 1e5, "INR"},	{"lac", 1e5, "INR"},	{"crore", 1e7, "INR"},
	{"लाख", 1e5, "INR"},	{"万", 1e4, "CNY"},	{"萬", 1e4, "CNY"},
	{"тыс", 1e3, "RUB"},	{"тыс.", 1e3, "RUB"},	{"тысяч", 1e3, "RUB"},
	{"тысячи", 1e3, "RUB"}, {"тис", 1e3, "UAH"},	{"тис.", 1e3, "UAH"},
	{"тисяч", 1e3, "UAH"},	{"หมื่น", 1e4, "THB"},	{"แสน", 1e5, "THB"},
};

/* Period words that stand alone, before or after the amount. */
static const struct lw_word_id period_words[] = {
	{"monthly", LW_PERIOD_MONTH},	 {"mensual", LW_PERIOD_MONTH},
	{"mensuales", LW_PERIOD_MONTH},	 {"mensal", LW_PERIOD_MONTH},
	{"lunar", LW_PERIOD_MONTH},	 {"sebulan", LW_PERIOD_MONTH},
	{"bulanan", LW_PERIOD_MONTH},	 {"buwanan", LW_PERIOD_MONTH},
	{"hàng tháng", LW_PERIOD_MONTH}, {"ежемесячно", LW_PERIOD_MONTH},
	{"щомісяця", LW_PERIOD_MONTH},	 {"月薪", LW_PERIOD_MONTH},
	{"月入", LW_PERIOD_MONTH},	 {"月收入", LW_PERIOD_MONTH},
	{"月工资", LW_PERIOD_MONTH},	 {"每月", LW_PERIOD_MONTH},
	{"เดือนละ", LW_PERIOD_MONTH},	 {"daily", LW_PERIOD_DAY},
	{"diario", LW_PERIOD_DAY},	 {"sehari", LW_PERIOD_DAY},
	{"harian", LW_PERIOD_DAY},	 {"日薪", LW_PERIOD_DAY},
	{"日结", LW_PERIOD_DAY},	 {"每天", LW_PERIOD_DAY},
	{"วันละ", LW_PERIOD_DAY},	 {"weekly", LW_PERIOD_WEEK},
	{"semanal", LW_PERIOD_WEEK},	 {"seminggu", LW_PERIOD_WEEK},
	{"mingguan", LW_PERIOD_WEEK},	 {"周薪", LW_PERIOD_WEEK},
	{"每周", LW_PERIOD_WEEK},	 {"hourly", LW_PERIOD_HOUR},
	{"时薪", LW_PERIOD_HOUR},	 {"yearly", LW_PERIOD_YEAR},
	{"annually", LW_PERIOD_YEAR},	 {"annual", LW_PERIOD_YEAR},
	{"anual", LW_PERIOD_YEAR},	 {"setahun", LW_PERIOD_YEAR},
	{"tahunan", LW_PERIOD_YEAR},	 {"年薪", LW_PERIOD_YEAR},
	{"每年", LW_PERIOD_YEAR},
};

/* Words that link an amount to a period unit: "per", "/", "mỗi"... */
static const struct lw_word_id period_links[] = {
	{"/", 0},     {"per", 0},  {"a", 0},	 {"an", 0},	  {"each", 0},
	{"every", 0}, {"mỗi", 0},  {"một", 0},	 {"hàng", 0},	  {"ต่อ", 0},
	{"每", 0},    {"в", 0},	   {"на", 0},	 {"pe", 0},	  {"al", 0},
	{"por", 0},   {"kada", 0}, {"bawat", 0}, {"sa isang", 0},
};

/* Period units after a link: "month" in "per month", "tháng" in "/tháng". */
static const struct lw_word_id period_units[] = {
	{"month", LW_PERIOD_MONTH},  {"mo", LW_PERIOD_MONTH},
	{"mth", LW_PERIOD_MONTH},    {"tháng", LW_PERIOD_MONTH},
	{"bulan", LW_PERIOD_MONTH},  {"buwan", LW_PERIOD_MONTH},
	{"месяц", LW_PERIOD_MONTH},  {"мес", LW_PERIOD_MONTH},
	{"мес.", LW_PERIOD_MONTH},   {"місяць", LW_PERIOD_MONTH},
	{"міс", LW_PERIOD_MONTH},    {"lună", LW_PERIOD_MONTH},
	{"luna", LW_PERIOD_MONTH},   {"mes", LW_PERIOD_MONTH},
	{"mês", LW_PERIOD_MONTH},    {"เดือน", LW_PERIOD_MONTH},
	{"月", LW_PERIOD_MONTH},     {"day", LW_PERIOD_DAY},
	{"ngày", LW_PERIOD_DAY},     {"hari", LW_PERIOD_DAY},
	{"araw", LW_PERIOD_DAY},     {"день", LW_PERIOD_DAY},
	{"zi", LW_PERIOD_DAY},	     {"día", LW_PERIOD_DAY},
	{"dia", LW_PERIOD_DAY},	     {"วัน", LW_PERIOD_DAY},
	{"天", LW_PERIOD_DAY},	     {"日", LW_PERIOD_DAY},
	{"week", LW_PERIOD_WEEK},    {"wk", LW_PERIOD_WEEK},
	{"tuần", LW_PERIOD_WEEK},    {"minggu", LW_PERIOD_WEEK},
	{"linggo", LW_PERIOD_WEEK},  {"неделю", LW_PERIOD_WEEK},
	{"тиждень", LW_PERIOD_WEEK}, {"săptămână", LW_PERIOD_WEEK},
	{"semana", LW_PERIOD_WEEK},  {"สัปดาห์", LW_PERIOD_WEEK},
	{"周", LW_PERIOD_WEEK},	     {"週", LW_PERIOD_WEEK},
	{"hour", LW_PERIOD_HOUR},    {"hr", LW_PERIOD_HOUR},
	{"h", LW_PERIOD_HOUR},	     {"giờ", LW_PERIOD_HOUR},
	{"jam", LW_PERIOD_HOUR},     {"oras", LW_PERIOD_HOUR},
	{"час", LW_PERIOD_HOUR},     {"годину", LW_PERIOD_HOUR},
	{"oră", LW_PERIOD_HOUR},     {"ora", LW_PERIOD_HOUR},
	{"hora", LW_PERIOD_HOUR},    {"ชั่วโมง", LW_PERIOD_HOUR},
	{"小时", LW_PERIOD_HOUR},    {"year", LW_PERIOD_YEAR},
	{"yr", LW_PERIOD_YEAR},	     {"annum", LW_PERIOD_YEAR},
	{"năm", LW_PERIOD_YEAR},     {"tahun", LW_PERIOD_YEAR},
	{"taon", LW_PERIOD_YEAR},    {"год", LW_PERIOD_YEAR},
	{"рік", LW_PERIOD_YEAR},     {"an", LW_PERIOD_YEAR},
	{"año", LW_PERIOD_YEAR},     {"ano", LW_PERIOD_YEAR},
	{"ปี", LW_PERIOD_YEAR},	     {"年", LW_PERIOD_YEAR},
};

/* Words between the two ends of a range: "15-30", "1000 to 1500". */
static const struct lw_word_id range_links[] = {
	{"-", 0},   {"–", 0},	{"—", 0},      {"~", 0},      {"to", 0},
	{"đến", 0}, {"tới", 0}, {"hingga", 0}, {"sampai", 0}, {"hanggang", 0},
	{"до", 0},  {"至", 0},	{"到", 0},
};

/* Subtype names and monthly factors, indexed by enum lw_period. */
static const struct {
	const char *name;
	double per_month;
} periods[] = {
	[LW_PERIOD_NONE] = {"none", 1},	  [LW_PERIOD_MONTH] = {"month", 1},
	[LW_PERIOD_DAY] = {"day", 26},	  [LW_PERIOD_WEEK] = {"week", 4.33},
	[LW_PERIOD_HOUR] = {"hour", 173}, [LW_PERIOD_YEAR] = {"year", 1.0 / 12},
};

/* Characters before 万 that stand for "ten thousand" with no number:
 * 过万, 上万, 破万 ("over 10k", as in 月入过万). */
static const char *const numberless_wan[] = {"过", "過", "上", "破"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The length of the character at text[pos] when it is one of
 * numberless_wan, else 0. Asked at every CJK character of a text, so the
 * first byte is compared before anything else.
 */
static size_t numberless_at(const char *text, size_t len, size_t pos)
{
	for (size_t k = 0; k < COUNT(numberless_wan); k++) {
		const char *c = numberless_wan[k];
		if (text[pos] != c[0])
			continue;
		size_t w = strlen(c);
		if (w <= len - pos && memcmp(text + pos, c, w) == 0)
			return w;
	}
	return 0;
}

/*
 * Fold the money grammar into lexicons, and resolve the currency each
 * multiplier implies to its index in the loaded currency table (a missing
 * code there just means the multiplier implies nothing).
 */
int lw_money_grammar_load(struct lw_xdata *d)
{
	int rc;
	for (char digit = '0'; digit <= '9'; digit++)
		d->amount_first[(unsigned char)digit] = 1;
	for (size_t k = 0; k < COUNT(numberless_wan); k++)
		d->amount_first[(unsigned char)numberless_wan[k][0]] = 1;
	d->multiplier_currency = malloc(COUNT(multipliers) * sizeof(int));
	if (!d->multiplier_currency)
		return LW_ENOMEM;
	for (size_t i = 0; i < COUNT(multipliers); i++) {
		d->multiplier_currency[i] = -1;
		for (size_t c = 0;
		     multipliers[i].implies && c < d->n_currencies; c++)
			if (strcmp(d->currencies[c].code,
				   multipliers[i].implies) == 0)
				d->multiplier_currency[i] = (int)c;
		rc = lw_lex_add(&d->multipliers, multipliers[i].word, (int)i);
		if (rc)
			return rc == LW_EINVAL ? LW_ERULES : rc;
	}
	const struct lw_lex_word *dup;
	rc = lw_lex_finish(&d->multipliers, &dup);
	if (rc)
		return rc == LW_EINVAL ? LW_ERULES : rc;
	if ((rc = lw_lex_build(&d->period_words, period_words,
			       COUNT(period_words))) ||
	    (rc = lw_lex_build(&d->period_links, period_links,
			       COUNT(period_links))) ||
	    (rc = lw_lex_build(&d->period_units, period_units,
			       COUNT(period_units))))
		return rc;
	return lw_lex_build(&d->range_links, range_links, COUNT(range_links));
}

/* A number as read: where it ends and its value. */
struct number {
	size_t end;
	double value;
};

/* Whether text[pos..] holds exactly three digits and then no digit. */
static int three_digits_at(const char *text, size_t len, size_t pos)
{
	return pos + 3 <= len && lw_is_digit(text[pos]) &&
	       lw_is_digit(text[pos + 1]) && lw_is_digit(text[pos + 2]) &&
	       (pos + 3 == len || !lw_is_digit(text[pos + 3]));
}

/*
 * Read a number at pos: digits, thousands groups ("1,500", "7.000.000",
 * "40 000"; one separator kind per number) and a decimal part ("1.5",
 * "2,50"). Returns 0 when the digit run is too long to be money; n->end
 * is still set past it so that the caller skips the whole run.
 */
static int read_number(const char *text, size_t len, size_t pos,
		       struct number *n)
{
	size_t i = pos, digits = 0;
	double v = 0;
	while (i < len && lw_is_digit(text[i])) {
		v = v * 10 + (text[i] - '0');
		digits++;
		i++;
	}
	n->end = i;
	if (digits == 0 || digits > MONEY_MAX_DIGITS)
		return 0;
	char group = 0;
	size_t lead = digits;
	while (i < len && lead <= 3 && digits + 3 <= MONEY_MAX_DIGITS &&
	       (text[i] == ',' || text[i] == '.' || text[i] == ' ') &&
	       (group == 0 || text[i] == group) &&
	       three_digits_at(text, len, i + 1)) {
		group = text[i];
		v = v * 1000 + (text[i + 1] - '0') * 100 +
		    (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
		digits += 3;
		i += 4;
	}
	if (i + 1 < len && (text[i] == '.' || text[i] == ',') &&
	    text[i] != group && lw_is_digit(text[i + 1]) &&
	    (group != 0 || !three_digits_at(text, len, i + 1))) {
		double scale = 0.1;
		i++;
		while (i < len && lw_is_digit(text[i])) {
			v += (text[i] - '0') * scale;
			scale /= 10;
			i++;
		}
	}
	n->end = i;
	n->value = v;
	return 1;
}

/*
 * Read a number at pos and the multiplier after it, if any. "过万" reads
 * as one 万. Returns the multiplier index (or -1) through *mult, and 0 when
 * there is no number.
 */
static int read_scaled(const struct lw_xdata *d, const char *text, size_t len,
		       size_t pos, struct number *n, int *mult)
{
	*mult = -1;
	n->end = pos;
	n->value = 1;
	size_t wan = numberless_at(text, len, pos);
	int numberless = wan > 0;
	n->end = pos + wan;
	if (!numberless && !read_number(text, len, pos, n))
		return 0;
	size_t p = lw_skip_spaces(text, len, n->end, MONEY_GAP);
	const struct lw_lex_word *w =
		lw_lex_at(&d->multipliers, text, len, p, LW_EDGE_NOT_LETTER);
	if (w) {
		*mult = w->id;
		n->value *= multipliers[w->id].factor;
		n->end = p + w->len;
	} else if (numberless) {
		return 0;
	}
	return 1;
}

/*
 * Find a word of a lexicon after at most MONEY_GAP spaces from *pos. On
 * success, move *pos past it and return the word's id; else return -1.
 */
static int word_after(const struct lw_lex *lex, const char *text, size_t len,
		      size_t *pos)
{
	size_t p = lw_skip_spaces(text, len, *pos, MONEY_GAP);
	const struct lw_lex_word *w =
		lw_lex_at(lex, text, len, p, LW_EDGE_NOT_LETTER);
	if (!w)
		return -1;
	*pos = p + w->len;
	return w->id;
}

/*
 * Find a word of a lexicon ending at most MONEY_GAP spaces and a colon
 * before *pos ("monthly: $900"). On success, move *pos to its start
 * and return its id; else return -1.
 */
static int word_before(const struct lw_lex *lex, const char *text, size_t len,
		       size_t *pos)
{
	size_t p = lw_skip_spaces_back(text, *pos, 0, MONEY_GAP);
	if (p > 0 && text[p - 1] == ':')
		p = lw_skip_spaces_back(text, p - 1, 0, MONEY_GAP);
	const struct lw_lex_word *w =
		lw_lex_ending(lex, text, len, p, LW_EDGE_NOT_LETTER);
	if (!w)
		return -1;
	*pos = p - w->len;
	return w->id;
}

/* Read a period after *pos: "monthly", or a link and a unit ("/tháng"). */
static int period_after(const struct lw_xdata *d, const char *text, size_t len,
			size_t *pos)
{
	int period = word_after(&d->period_words, text, len, pos);
	if (period >= 0)
		return period;
	size_t p = *pos;
	if (word_after(&d->period_links, text, len, &p) < 0)
		return -1;
	period = word_after(&d->period_units, text, len, &p);
	if (period >= 0)
		*pos = p;
	return period;
}

/*
 * Decide whether "lower RANGE-LINK upper" is a range, and scale its upper
 * end. A multiplier written once serves both ends ("15-30 triệu",
 * "1.5k-2"): the upper end borrows the lower one's when that is needed to
 * keep it above the lower end. What is still below the lower end is no
 * range at all ("$500 - 20 days").
 */
static int range_upper(double *upper, double lower, int lower_mult,
		       int upper_mult)
{
	if (upper_mult < 0 && lower_mult >= 0 && *upper < lower)
		*upper *= multipliers[lower_mult].factor;
	if (lower_mult < 0 && upper_mult >= 0)
		lower *= multipliers[upper_mult].factor;
	return *upper >= lower;
}

/* An amount being read: its span, value and what it is in. */
struct money {
	size_t start, end;
	double amount;
	int currency, period;
};

/*
 * Read the amount whose first number starts at pos (see the grammar at the
 * top of this file). Returns 1 with *m filled when it names a currency;
 * either way *next is where the scan goes on, past every digit read.
 */
static int read_money(const struct lw_xdata *d, const char *text, size_t len,
		      size_t pos, struct money *m, size_t *next)
{
	struct number n;
	int mult;
	*next = pos + 1;
	if (!read_scaled(d, text, len, pos, &n, &mult)) {
		if (n.end > *next)
			*next = n.end;
		return 0;
	}
	m->start = pos;
	m->amount = n.value;
	m->currency = word_before(&d->currency_words, text, len, &m->start);
	size_t p = n.end;
	int cur = word_after(&d->currency_words, text, len, &p);
	if (m->currency < 0)
		m->currency = cur;
	size_t r = p;
	if (word_after(&d->range_links, text, len, &r) >= 0) {
		cur = word_after(&d->currency_words, text, len, &r);
		r = lw_skip_spaces(text, len, r, MONEY_GAP);
		struct number upper;
		int upper_mult;
		if (r < len && lw_is_digit(text[r]) &&
		    read_scaled(d, text, len, r, &upper, &upper_mult) &&
		    range_upper(&upper.value, n.value, mult, upper_mult)) {
			if (upper_mult >= 0)
				mult = upper_mult;
			m->amount = upper.value;
			if (m->currency < 0)
				m->currency = cur;
			p = upper.end;
		}
	}
	*next = p;
	cur = word_after(&d->currency_words, text, len, &p);
	if (m->currency < 0)
		m->currency = cur;
	if (m->currency < 0 && mult >= 0)
		m->currency = d->multiplier_currency[mult];
	if (m->currency < 0)
		return 0;
	m->period = period_after(d, text, len, &p);
	if (m->period < 0)
		m->period = word_before(&d->period_words, text, len, &m->start);
	if (m->period < 0)
		m->period = LW_PERIOD_NONE;
	m->end = p;
	*next = p;
	return 1;
}

/*
 * Whether an amount can start at pos: a digit that does not continue a
 * number, or a numberless 万 ("过万"). Asked only where the byte is one of
 * data->amount_first: the scan passes over the others eight at a time.
 */
static int amount_starts_at(const char *text, size_t len, size_t pos)
{
	unsigned char c = (unsigned char)text[pos];
	if (lw_is_digit((char)c))
		return pos == 0 || !lw_is_digit(text[pos - 1]);
	if (c < 0xE0)
		return 0;
	size_t w = numberless_at(text, len, pos);
	return w > 0 && w + 3 <= len - pos &&
	       (memcmp(text + pos + w, "万", 3) == 0 ||
		memcmp(text + pos + w, "萬", 3) == 0);
}

int lw_extract_money(lw_xhits *out, const struct lw_xdata *d, const char *text,
		     size_t len)
{
	size_t pos = 0;
	while ((pos = lw_next_stop(d->amount_first, text, len, pos)) < len) {
		struct money m;
		size_t next;
		if (!amount_starts_at(text, len, pos)) {
			pos++;
			continue;
		}
		if (read_money(d, text, len, pos, &m, &next)) {
			lw_xhit *h =
				lw_xhits_push(out, LW_X_MONEY, m.start, m.end);
			if (!h)
				return LW_ENOMEM;
			const struct lw_currency *c =
				&d->currencies[m.currency];
			lw_copy_string(h->subtype, sizeof(h->subtype),
				       periods[m.period].name);
			lw_copy_string(h->value, sizeof(h->value), c->code);
			h->amount = m.amount;
			h->monthly_usd = m.amount / c->per_usd *
					 periods[m.period].per_month;
		}
		pos = next;
	}
	return LW_OK;
}
