/*
 * test_extract.c - the extractors on matching-view text.
 *
 * Inputs are written as the matching view reads them (lower case, NFKC,
 * ASCII digits). Expected dollar figures follow from the rates in
 * rules/data/currencies.json; when a rate there changes, the figures here
 * change with it, which is the point: the test pins the arithmetic.
 */
#define _POSIX_C_SOURCE 200809L

#include "check.h"
#include "extract.h"
#include "extract_int.h"
#include "lurewatch.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unictype.h>
#include <unistd.h>
#include <unistr.h>

static lw_xdata *data;
static lw_xhits hits;

/* Run every extractor over text, replacing the previous hits. */
static void run(const char *text)
{
	lw_xhits_clear(&hits);
	CHECK_INT(lw_extract_all(&hits, data, text, strlen(text)), LW_OK);
}

/* The n-th hit of a kind (0 first), or NULL. */
static const lw_xhit *nth(lw_xkind kind, int n)
{
	for (size_t i = 0; i < hits.n; i++)
		if (hits.v[i].kind == kind && n-- == 0)
			return &hits.v[i];
	return NULL;
}

/* How many hits of a kind the last run gave. */
static int count(lw_xkind kind)
{
	int n = 0;
	for (size_t i = 0; i < hits.n; i++)
		n += hits.v[i].kind == kind;
	return n;
}

/* Whether two dollar figures agree to a cent. */
static int near(double got, double want)
{
	return got - want < 0.01 && want - got < 0.01;
}

/*
 * Check the single money hit of a text: currency, period, amount and
 * monthly dollars.
 */
static void money_is(int line, const char *text, const char *code,
		     const char *period, double amount, double monthly_usd)
{
	run(text);
	const lw_xhit *h = nth(LW_X_MONEY, 0);
	if (count(LW_X_MONEY) != 1 || !h) {
		fprintf(stderr, "line %d: \"%s\": %d money hits\n", line, text,
			count(LW_X_MONEY));
		CHECK(0);
		return;
	}
	CHECK_STR(h->value, code);
	CHECK_STR(h->subtype, period);
	if (!near(h->amount, amount) || !near(h->monthly_usd, monthly_usd))
		fprintf(stderr, "line %d: \"%s\": amount %.4f monthly %.4f\n",
			line, text, h->amount, h->monthly_usd);
	CHECK(near(h->amount, amount));
	CHECK(near(h->monthly_usd, monthly_usd));
}
#define MONEY(text, code, period, amount, usd)                                 \
	money_is(__LINE__, text, code, period, amount, usd)

static void test_money_currencies(void)
{
	MONEY("$1,500", "USD", "none", 1500, 1500);
	MONEY("salary 1500 usd", "USD", "none", 1500, 1500);
	MONEY("us$ 1.200", "USD", "none", 1200, 1200);
	MONEY("1.200 euro", "EUR", "none", 1200, 1200 / 0.96);
	MONEY("€900", "EUR", "none", 900, 900 / 0.96);
	MONEY("15 triệu", "VND", "none", 15e6, 15e6 / 25400);
	MONEY("rp 7 juta", "IDR", "none", 7e6, 7e6 / 16200);
	MONEY("7.000.000 rupiah", "IDR", "none", 7e6, 7e6 / 16200);
	MONEY("gaji rp7jt", "IDR", "none", 7e6, 7e6 / 16200);
	MONEY("500 ribu", "IDR", "none", 5e5, 5e5 / 16200);
	MONEY("฿30,000", "THB", "none", 30000, 30000 / 34.5);
	MONEY("30000 บาท", "THB", "none", 30000, 30000 / 34.5);
	MONEY("₱50k", "PHP", "none", 50000, 50000 / 58.0);
	MONEY("50,000 php", "PHP", "none", 50000, 50000 / 58.0);
	MONEY("₹40,000", "INR", "none", 40000, 40000 / 86.0);
	MONEY("2 lakh", "INR", "none", 2e5, 2e5 / 86.0);
	MONEY("40 000 руб", "RUB", "none", 40000, 400);
	MONEY("50000₽", "RUB", "none", 50000, 500);
	MONEY("50 тыс. руб", "RUB", "none", 50000, 500);
	MONEY("20000 грн", "UAH", "none", 20000, 20000 / 42.0);
	MONEY("3000 lei", "RON", "none", 3000, 3000 / 4.8);
	MONEY("1万元", "CNY", "none", 1e4, 1e4 / 7.3);
	MONEY("8000元", "CNY", "none", 8000, 8000 / 7.3);
	MONEY("1000 usdt", "USDT", "none", 1000, 1000);
	MONEY("$1.5m", "USD", "none", 1.5e6, 1.5e6);
	MONEY("rm 3,500", "MYR", "none", 3500, 3500 / 4.5);
}

static void test_money_periods(void)
{
	MONEY("$50 per day", "USD", "day", 50, 1300);
	MONEY("$50/day", "USD", "day", 50, 1300);
	MONEY("$50 a day", "USD", "day", 50, 1300);
	MONEY("$50 daily", "USD", "day", 50, 1300);
	MONEY("500000 đồng/ngày", "VND", "day", 5e5, 5e5 / 25400 * 26);
	MONEY("rp 150.000 /hari", "IDR", "day", 150000, 150000 / 16200.0 * 26);
	MONEY("$300 per week", "USD", "week", 300, 1299);
	MONEY("$300 weekly", "USD", "week", 300, 1299);
	MONEY("$10/hr", "USD", "hour", 10, 1730);
	MONEY("$10 hourly", "USD", "hour", 10, 1730);
	MONEY("$10 per hour", "USD", "hour", 10, 1730);
	MONEY("$12,000 per year", "USD", "year", 12000, 1000);
	MONEY("$12,000 yearly", "USD", "year", 12000, 1000);
	MONEY("$12,000 annually", "USD", "year", 12000, 1000);
	MONEY("$12,000 per annum", "USD", "year", 12000, 1000);
	MONEY("$1000 per month", "USD", "month", 1000, 1000);
	MONEY("$1000 a month", "USD", "month", 1000, 1000);
	MONEY("$1000 each month", "USD", "month", 1000, 1000);
	MONEY("$1000 monthly", "USD", "month", 1000, 1000);
	MONEY("$1000/month", "USD", "month", 1000, 1000);
	MONEY("$1000/mo", "USD", "month", 1000, 1000);
	MONEY("1000 usd mỗi tháng", "USD", "month", 1000, 1000);
	MONEY("15 triệu/tháng", "VND", "month", 15e6, 15e6 / 25400);
	MONEY("5 juta/bulan", "IDR", "month", 5e6, 5e6 / 16200);
	MONEY("5 juta per bulan", "IDR", "month", 5e6, 5e6 / 16200);
	MONEY("5 juta sebulan", "IDR", "month", 5e6, 5e6 / 16200);
	MONEY("25,000 php kada buwan", "PHP", "month", 25000, 25000 / 58.0);
	MONEY("25,000 php bawat buwan", "PHP", "month", 25000, 25000 / 58.0);
	MONEY("40000 руб в месяц", "RUB", "month", 40000, 400);
	MONEY("40000 руб/мес", "RUB", "month", 40000, 400);
	MONEY("20000 грн на місяць", "UAH", "month", 20000, 20000 / 42.0);
	MONEY("3000 lei pe lună", "RON", "month", 3000, 3000 / 4.8);
	MONEY("1000 euros al mes", "EUR", "month", 1000, 1000 / 0.96);
	MONEY("1000 euros por mes", "EUR", "month", 1000, 1000 / 0.96);
	MONEY("1000 euros mensual", "EUR", "month", 1000, 1000 / 0.96);
	MONEY("30000 บาท/เดือน", "THB", "month", 30000, 30000 / 34.5);
	MONEY("30000 บาท ต่อเดือน", "THB", "month", 30000, 30000 / 34.5);
	MONEY("เดือนละ 30,000 บาท", "THB", "month", 30000, 30000 / 34.5);
	MONEY("8000元/月", "CNY", "month", 8000, 8000 / 7.3);
	MONEY("月薪8000元", "CNY", "month", 8000, 8000 / 7.3);
	MONEY("每月8000元", "CNY", "month", 8000, 8000 / 7.3);
	MONEY("轻轻松松月入过万", "CNY", "month", 1e4, 1e4 / 7.3);
	MONEY("收入破萬", "CNY", "none", 1e4, 1e4 / 7.3);
	MONEY("monthly: $900", "USD", "month", 900, 900);
}

static void test_money_ranges_and_spans(void)
{
	MONEY("15-30 triệu đồng/tháng", "VND", "month", 30e6, 30e6 / 25400);
	MONEY("$1,000-1,500", "USD", "none", 1500, 1500);
	MONEY("$1000 to $1500 per month", "USD", "month", 1500, 1500);
	MONEY("1000 usd - 1500 usd", "USD", "none", 1500, 1500);
	MONEY("800–1.000 usd", "USD", "none", 1000, 1000);
	MONEY("$1.5k-2k", "USD", "none", 2000, 2000);
	MONEY("10-15k usd", "USD", "none", 15000, 15000);

	/* The span covers currency, number(s) and period. */
	run("earn $1,500/month now");
	const lw_xhit *h = nth(LW_X_MONEY, 0);
	CHECK(h != NULL);
	if (h) {
		CHECK_INT(h->start, 5);
		CHECK_INT(h->end, 17);
	}
	run("lương 15-30 triệu đồng/tháng");
	h = nth(LW_X_MONEY, 0);
	CHECK(h != NULL);
	if (h) {
		CHECK_INT(h->start, strlen("lương "));
		CHECK_INT(h->end, strlen("lương 15-30 triệu đồng/tháng"));
	}

	/* A lower number after a dash is not the top of a range. */
	run("$500 - 20 days of training");
	CHECK_INT(count(LW_X_MONEY), 1);
	h = nth(LW_X_MONEY, 0);
	CHECK(h && near(h->amount, 500));

	/* Two amounts are two hits. */
	run("$500 deposit, salary $2000/month");
	CHECK_INT(count(LW_X_MONEY), 2);
	h = nth(LW_X_MONEY, 1);
	CHECK(h && near(h->monthly_usd, 2000) && !strcmp(h->subtype, "month"));
}

static void test_money_not(void)
{
	run("call 1500 now, 2024, room 12, 3 days");
	CHECK_INT(count(LW_X_MONEY), 0);
	run("age 18-25, 170 cm");
	CHECK_INT(count(LW_X_MONEY), 0);
	run("5km from the city, 10 minutes");
	CHECK_INT(count(LW_X_MONEY), 0);
	run("i won 5 times");
	CHECK_INT(count(LW_X_MONEY), 0);
	run("usdollars");
	CHECK_INT(count(LW_X_MONEY), 0);
	run("过去的工作, 上");
	CHECK_INT(count(LW_X_MONEY), 0);
}

/* Check the only contact hit of a text: channel, value and span. */
static void contact_is(int line, const char *text, const char *channel,
		       const char *value, size_t start, size_t end)
{
	run(text);
	const lw_xhit *h = nth(LW_X_CONTACT, 0);
	if (count(LW_X_CONTACT) != 1 || !h) {
		fprintf(stderr, "line %d: \"%s\": %d contact hits\n", line,
			text, count(LW_X_CONTACT));
		for (size_t i = 0; i < hits.n; i++)
			if (hits.v[i].kind == LW_X_CONTACT)
				fprintf(stderr, "  %s %s\n", hits.v[i].subtype,
					hits.v[i].value);
		CHECK(0);
		return;
	}
	CHECK_STR(h->subtype, channel);
	CHECK_STR(h->value, value);
	if (h->start != start || h->end != end)
		fprintf(stderr, "line %d: \"%s\": span %zu-%zu\n", line, text,
			h->start, h->end);
	CHECK_INT(h->start, start);
	CHECK_INT(h->end, end);
}
#define CONTACT(text, channel, value, start, end)                              \
	contact_is(__LINE__, text, channel, value, start, end)

static void test_phones(void)
{
	CONTACT("call +855 12 345 678 now", "phone", "85512345678", 5, 20);
	CONTACT("0917-123-4567", "phone", "09171234567", 0, 13);
	CONTACT("tel (02) 8123 4567.", "phone", "0281234567", 4, 18);
	CONTACT("hp 0812.3456.7890", "phone", "081234567890", 3, 17);
	CONTACT("+66991301300", "phone", "66991301300", 0, 12);
	run("code 123 4567 only");
	CHECK_INT(count(LW_X_CONTACT), 0);
	run("id 1234567890123456789");
	CHECK_INT(count(LW_X_CONTACT), 0);
	run("from 2024-05-12 on");
	CHECK_INT(count(LW_X_CONTACT), 0);
	run("gaji 15.000.000 vnd");
	CHECK_INT(count(LW_X_CONTACT), 0);
	run("bit.ly/123456789012");
	CHECK_INT(count(LW_X_CONTACT), 0);

	const char *en =
		"zero nine one seven one two three four five six seven";
	CONTACT(en, "phone", "09171234567", 0, strlen(en));
	const char *id = "wa nol delapan satu dua tiga empat lima enam tujuh";
	CONTACT(id, "phone", "081234567", 3, strlen(id));
	const char *es = "cero nueve, uno siete, dos tres cuatro cinco";
	CONTACT(es, "phone", "09172345", 0, strlen(es));
	const char *pt = "zero oito um dois três quatro cinco seis sete";
	CONTACT(pt, "phone", "081234567", 0, strlen(pt));
	const char *tl = "sero siyam isa pito isa dalawa tatlo apat lima";
	CONTACT(tl, "phone", "091712345", 0, strlen(tl));
	const char *vi = "không chín một bảy một hai ba bốn năm sáu";
	CONTACT(vi, "phone", "0917123456", 0, strlen(vi));
	run("one two three four five six");
	CHECK_INT(count(LW_X_CONTACT), 0);
}

static void test_chat_apps(void)
{
	CONTACT("wa.me/85512345678", "whatsapp", "85512345678", 0, 17);
	CONTACT("https://api.whatsapp.com/send?phone=85512345678", "whatsapp",
		"85512345678", 8, 47);
	CONTACT("chat.whatsapp.com/abcdef123", "whatsapp", "abcdef123", 0, 27);
	CONTACT("whatsapp: +855 12 345 678", "whatsapp", "85512345678", 0, 25);
	CONTACT("whatsapp +63 917 123 4567", "whatsapp", "639171234567", 0, 25);
	CONTACT("wa: 0812 3456 7890", "whatsapp", "081234567890", 0, 18);
	CONTACT("whats app 0917 123 4567", "whatsapp", "09171234567", 0, 23);
	CONTACT("t.me/jobs_asia", "telegram", "jobs_asia", 0, 14);
	CONTACT("telegram.me/hrdesk", "telegram", "hrdesk", 0, 18);
	CONTACT("telegram: @hr_manager", "telegram", "hr_manager", 0, 21);
	CONTACT("dm tg @hr_manager", "telegram", "hr_manager", 3, 17);
	CONTACT("tele @hr_manager", "telegram", "hr_manager", 0, 16);
	CONTACT("line.me/ti/p/~abc123", "line", "abc123", 0, 20);
	CONTACT("line id: abc.123", "line", "abc.123", 0, 16);
	CONTACT("line: @abc123", "line", "abc123", 0, 13);
	CONTACT("wechat: wxid_abc123", "wechat", "wxid_abc123", 0, 19);
	CONTACT("wechat id: abc123", "wechat", "abc123", 0, 17);
	CONTACT("微信:abc123", "wechat", "abc123", 0, strlen("微信:abc123"));
	CONTACT("加微信abc123", "wechat", "abc123", 3, strlen("加微信abc123"));
	CONTACT("vx: abc123", "wechat", "abc123", 0, 10);
	CONTACT("weixin: abc123", "wechat", "abc123", 0, 14);
	CONTACT("signal.me/#p/+85512345678", "signal", "85512345678", 0, 25);
	CONTACT("signal: +855 12 345 678", "signal", "85512345678", 0, 23);
	CONTACT("viber://chat?number=%2b85512345678", "viber", "85512345678", 0,
		34);
	CONTACT("viber: +855 12 345 678", "viber", "85512345678", 0, 22);

	/* English words that happen to be app names are not contacts. */
	run("report to your line manager, signal your interest, wait");
	CHECK_INT(count(LW_X_CONTACT), 0);
	/* Two apps, in order. */
	run("telegram @jobs_asia or whatsapp +855 12 345 678");
	CHECK_INT(count(LW_X_CONTACT), 2);
	CHECK(nth(LW_X_CONTACT, 0) &&
	      !strcmp(nth(LW_X_CONTACT, 0)->subtype, "telegram"));
	CHECK(nth(LW_X_CONTACT, 1) &&
	      !strcmp(nth(LW_X_CONTACT, 1)->subtype, "whatsapp"));
}

static void test_email(void)
{
	CONTACT("send cv to hr.recruit2024@gmail.com.", "email",
		"hr.recruit2024@gmail.com", 11, 35);
	CHECK_INT(nth(LW_X_CONTACT, 0)->free_mail, 1);
	CONTACT("jobs@acme-corp.com", "email", "jobs@acme-corp.com", 0, 18);
	CHECK_INT(nth(LW_X_CONTACT, 0)->free_mail, 0);
	CONTACT("x_1@yahoo.co.uk", "email", "x_1@yahoo.co.uk", 0, 15);
	CHECK_INT(nth(LW_X_CONTACT, 0)->free_mail, 1);
	CONTACT("a@qq.com", "email", "a@qq.com", 0, 8);
	CHECK_INT(nth(LW_X_CONTACT, 0)->free_mail, 1);
	run("@handle, a@b, user@localhost");
	CHECK_INT(count(LW_X_CONTACT), 0);
}

/* Check the only url hit of a text: kind, host and span. */
static void url_is(int line, const char *text, const char *kind,
		   const char *host, size_t start, size_t end)
{
	run(text);
	const lw_xhit *h = nth(LW_X_URL, 0);
	if (count(LW_X_URL) != 1 || !h) {
		fprintf(stderr, "line %d: \"%s\": %d url hits\n", line, text,
			count(LW_X_URL));
		CHECK(0);
		return;
	}
	CHECK_STR(h->subtype, kind);
	CHECK_STR(h->value, host);
	CHECK_INT(h->start, start);
	CHECK_INT(h->end, end);
}
#define URL(text, kind, host, start, end)                                      \
	url_is(__LINE__, text, kind, host, start, end)

static void test_url(void)
{
	URL("apply: bit.ly/3xyz now", "shortener", "bit.ly", 7, 18);
	URL("https://tinyurl.com/abc.", "shortener", "tinyurl.com", 0, 23);
	URL("visit my-site2.example.com/jobs", "url", "my-site2.example.com", 6,
	    31);
	URL("https://www.example.com/jobs?id=1", "url", "www.example.com", 0,
	    33);
	URL("http://example.org:8080/x", "url", "example.org", 0, 25);
	URL("(www.example.com)", "url", "www.example.com", 1, 16);
	URL("www.bit.ly/abc", "shortener", "www.bit.ly", 0, 14);
	run("mail me at a@gmail.com or see example.com. $1.5k/month, e.g. "
	    "1.500/day");
	CHECK_INT(count(LW_X_URL), 0);
}

/* Check the only place hit of a text: name, kind, country and span. */
static void place_is(int line, const char *text, const char *name,
		     const char *kind, const char *country, size_t start,
		     size_t end)
{
	run(text);
	const lw_xhit *h = nth(LW_X_PLACE, 0);
	if (count(LW_X_PLACE) != 1 || !h) {
		fprintf(stderr, "line %d: \"%s\": %d place hits\n", line, text,
			count(LW_X_PLACE));
		CHECK(0);
		return;
	}
	CHECK_STR(h->value, name);
	CHECK_STR(h->subtype, kind);
	CHECK_STR(h->country, country);
	CHECK_INT(h->start, start);
	CHECK_INT(h->end, end);
}
#define PLACE(text, name, kind, country, start, end)                           \
	place_is(__LINE__, text, name, kind, country, start, end)

static void test_places(void)
{
	PLACE("casino job in bavet!", "Bavet", "hotspot", "KH", 14, 19);
	PLACE("bavet", "Bavet", "hotspot", "KH", 0, 5);
	PLACE("work in sihanoukville", "Sihanoukville", "hotspot", "KH", 8, 21);
	PLACE("kampong som office", "Sihanoukville", "hotspot", "KH", 0, 11);
	PLACE("golden triangle sez job", "Golden Triangle SEZ", "hotspot", "LA",
	      0, 19);
	PLACE("fly to bangkok first", "Bangkok", "transit", "TH", 7, 14);
	PLACE("via phnom penh", "Phnom Penh", "transit", "KH", 4, 14);
	PLACE("near mae sot", "Mae Sot", "transit", "TH", 5, 12);
	PLACE("kk园区招聘", "KK Park", "hotspot", "MM", 0, strlen("kk园区"));
	PLACE("làm việc ở campuchia", "Cambodia", "country", "KH",
	      strlen("làm việc ở "), strlen("làm việc ở campuchia"));
	PLACE("работа в камбодже", "Cambodia", "country", "KH",
	      strlen("работа в "), strlen("работа в камбодже"));
	/* Thai, Chinese and Khmer names need no word boundary. */
	PLACE("งานที่ปอยเปต", "Poipet", "hotspot", "KH", strlen("งานที่"),
	      strlen("งานที่ปอยเปต"));
	PLACE("高薪西港招聘", "Sihanoukville", "hotspot", "KH", strlen("高薪"),
	      strlen("高薪西港"));
	PLACE("ការងារនៅបាវិត", "Bavet", "hotspot", "KH", strlen("ការងារនៅ"),
	      strlen("ការងារនៅបាវិត"));
	PLACE("去妙瓦底", "Myawaddy", "hotspot", "MM", strlen("去"),
	      strlen("去妙瓦底"));
	PLACE("印度尼西亚", "Indonesia", "country", "ID", 0,
	      strlen("印度尼西亚"));
	PLACE("नौकरी कंबोडिया में", "Cambodia", "country", "KH", strlen("नौकरी "),
	      strlen("नौकरी कंबोडिया"));

	/* Latin names only as whole words. */
	run("abavetx bavet2 xbavet poipets");
	CHECK_INT(count(LW_X_PLACE), 0);
	run("cambodia, myanmar and laos");
	CHECK_INT(count(LW_X_PLACE), 3);
	CHECK(nth(LW_X_PLACE, 2) && !strcmp(nth(LW_X_PLACE, 2)->country, "LA"));
}

static void test_wages_and_names(void)
{
	CHECK(near(lw_xdata_wage(data, "KH"), 208));
	CHECK(near(lw_xdata_wage(data, "kh"), 208));
	CHECK(lw_xdata_wage(data, "MM") > 0);
	CHECK(lw_xdata_wage(data, "ET") > 0);
	CHECK(lw_xdata_wage(data, "ZZ") < 0);
	CHECK(lw_xdata_wage(data, "") < 0);
	CHECK(lw_xdata_wage(NULL, "KH") < 0);
	CHECK_STR(lw_xkind_name(LW_X_MONEY), "money");
	CHECK_STR(lw_xkind_name(LW_X_CONTACT), "contact");
	CHECK_STR(lw_xkind_name(LW_X_URL), "url");
	CHECK_STR(lw_xkind_name(LW_X_PLACE), "place");
}

/* Copy a file; 0 on success. */
static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[8192];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	return rc;
}

/* Write text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/*
 * Load a copy of the tables in which one file is replaced by text, and
 * return the load's result with its error message in err.
 */
static int load_with(const char *file, const char *text, char *err,
		     size_t errlen)
{
	static const char *const files[] = {"currencies.json", "places.json",
					    "wages.json", "freemail.json",
					    "shorteners.json"};
	char dir[] = "/tmp/lw_xdata_XXXXXX";
	char path[512], src[512];
	lw_xdata *d = NULL;
	CHECK(mkdtemp(dir) != NULL);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(src, sizeof(src), "%s/data/%s", LW_TEST_RULES_DIR,
			 files[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		CHECK(copy_file(src, path) == 0);
	}
	if (text)
		write_file(dir, file, text);
	else {
		snprintf(path, sizeof(path), "%s/%s", dir, file);
		unlink(path);
	}
	int rc = lw_xdata_load(&d, dir, err, errlen);
	CHECK(rc == LW_OK ? d != NULL : d == NULL);
	lw_xdata_free(d);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	return rc;
}

static void test_bad_tables(void)
{
	char err[512];

	/* A syntax error gives the line jansson found it on. */
	CHECK_INT(load_with("places.json",
			    "{\n  \"note\": \"x\",\n  \"places\": [\n    {,}\n"
			    "  ]\n}\n",
			    err, sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err, "places.json:4: ") != NULL);

	/* Schema errors name the entry and the key. */
	CHECK_INT(load_with("places.json",
			    "{\"places\": [{\"name\": \"Bavet\", \"country\": "
			    "\"Cambodia\", \"kind\": \"hotspot\", "
			    "\"sources\": []}]}",
			    err, sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err, "places.json:1: entry 0 (\"Bavet\"): \"country\"") !=
	      NULL);
	CHECK_INT(load_with("places.json",
			    "{\"places\": [{\"name\": \"Bavet\", \"country\": "
			    "\"KH\", \"kind\": \"hotspot\", \"sources\": [], "
			    "\"contry\": \"KH\"}]}",
			    err, sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err, "unknown key \"contry\"") != NULL);
	CHECK_INT(load_with("places.json",
			    "{\"places\": [{\"name\": \"Bavet\", \"country\": "
			    "\"KH\", \"kind\": \"casino\", \"sources\": []}]}",
			    err, sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err, "\"kind\"") != NULL);
	CHECK_INT(load_with("places.json",
			    "{\"places\": [{\"name\": \"Bavet\", \"country\": "
			    "\"KH\", \"kind\": \"hotspot\", \"sources\": [], "
			    "\"names\": [\"BAVET\"]}]}",
			    err, sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err, "listed twice") != NULL);
	CHECK_INT(load_with("currencies.json",
			    "{\"as_of\": \"2025\", \"currencies\": [{\"code\": "
			    "\"USD\", \"per_usd\": \"one\"}]}",
			    err, sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err,
		     "currencies.json:1: entry 0 (\"USD\"): \"per_usd\"") !=
	      NULL);
	CHECK_INT(
		load_with("wages.json",
			  "{\"as_of\": \"2025\", \"wages\": [{\"country\": "
			  "\"KH\", \"monthly_usd\": 208, \"as_of\": \"2025\", "
			  "\"basis\": \"x\", \"sources\": [], "
			  "\"approximate\": \"no\"}]}",
			  err, sizeof(err)),
		LW_ERULES);
	CHECK(strstr(err, "wages.json:1: entry 0 (\"KH\"): \"approximate\"") !=
	      NULL);
	CHECK_INT(load_with("shorteners.json", "{\"hosts\": [\"Bit.ly\"]}", err,
			    sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err, "shorteners.json:1: ") != NULL);
	CHECK_INT(load_with("freemail.json", "[]", err, sizeof(err)),
		  LW_ERULES);
	CHECK(strstr(err, "freemail.json:1: ") != NULL);

	/* A missing file is an I/O error. */
	CHECK_INT(load_with("wages.json", NULL, err, sizeof(err)), LW_EIO);
	CHECK(strstr(err, "wages.json") != NULL);
}

/* The first hit of a kind in text, checked for its span (0 when none). */
static void first_is(int line, const char *text, lw_xkind kind, size_t start,
		     size_t end)
{
	run(text);
	const lw_xhit *h = nth(kind, 0);
	if (!h || h->start != start || h->end != end) {
		fprintf(stderr, "line %d: \"%s\": no %s hit at %zu-%zu\n", line,
			text, lw_xkind_name(kind), start, end);
		CHECK(0);
	}
}
#define FIRST(text, kind, start, end) first_is(__LINE__, text, kind, start, end)

/*
 * The scans pass over bytes in blocks: eight at a time to the next digit
 * (amounts, phone numbers), from dot to dot (links), from word to word
 * (names, chat apps). A hit at the very start or end of the text, on
 * either side of a block's edge, or after multi-byte characters, is found
 * as anywhere else; links are read from where a byte-by-byte scan would
 * have started them.
 */
static void test_scan_edges(void)
{
	static const char *const fillers[] = {" ", "é ", "ปอ ", "a,"};
	for (size_t f = 0; f < sizeof(fillers) / sizeof(fillers[0]); f++) {
		char text[128];
		size_t pad = 0;
		for (int k = 0; k < 10; k++) {
			struct {
				const char *item;
				lw_xkind kind;
			} items[] = {{"$2000", LW_X_MONEY},
				     {"过万", LW_X_MONEY},
				     {"+85512345678", LW_X_CONTACT},
				     {"bit.ly/a", LW_X_URL},
				     {"http://x.co", LW_X_URL},
				     {"bavet", LW_X_PLACE}};
			for (size_t i = 0; i < sizeof(items) / sizeof(items[0]);
			     i++) {
				size_t n = strlen(items[i].item);
				memcpy(text + pad, items[i].item, n + 1);
				FIRST(text, items[i].kind, pad, pad + n);
			}
			memcpy(text + pad, fillers[f], strlen(fillers[f]));
			pad += strlen(fillers[f]);
		}
	}
	/* Links: the run before "://", the run after it, runs before them. */
	static const struct {
		const char *text;
		size_t start, end;
	} links[] = {{"a.b http://x.co/p", 4, 17},
		     {"xhttp://ab.com/p", 8, 16},
		     {"http://http://a.com/x", 7, 21},
		     {"ftp://a.com/x", 6, 13},
		     {"bit.ly/a,www.x.com", 0, 18},
		     {"bit.ly/a http://ab.com", 0, 8}};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		FIRST(links[i].text, LW_X_URL, links[i].start, links[i].end);
	CHECK_INT(count(LW_X_URL), 2);
	CHECK(nth(LW_X_URL, 1) && nth(LW_X_URL, 1)->start == 9 &&
	      nth(LW_X_URL, 1)->end == 22);
	static const char *const no_link[] = {"see http://", "example.com.",
					      "éwww.bit.ly/x", ".com/x", "."};
	for (size_t i = 0; i < sizeof(no_link) / sizeof(no_link[0]); i++) {
		run(no_link[i]);
		CHECK_INT(count(LW_X_URL), 0);
	}
	/* Names and chat apps: inside a word, or after a digit, or not. */
	FIRST("abavet bavet", LW_X_PLACE, 7, 12);
	FIRST("bavet2 bavet", LW_X_PLACE, 7, 12);
	FIRST("งานปอยเปต", LW_X_PLACE, strlen("งาน"), strlen("งานปอยเปต"));
	FIRST("2wa:+85512345678", LW_X_CONTACT, 1, 16);
	FIRST("awa:+85512345678", LW_X_CONTACT, 4, 16);
	static const char *const no_place[] = {"ébavet", "2bavet", "xbavet"};
	for (size_t i = 0; i < sizeof(no_place) / sizeof(no_place[0]); i++) {
		run(no_place[i]);
		CHECK_INT(count(LW_X_PLACE), 0);
	}
	/* A phone number's first byte as the text's last one. */
	run("call (");
	CHECK_INT(count(LW_X_CONTACT), 0);
	FIRST("call (0281234567", LW_X_CONTACT, 5, 16);
}

/*
 * Run the extractors over 256 KiB made by repeating or drawing from an
 * alphabet and check that they complete. Speed is measured by the
 * benchmarks, never asserted here (shared machines are noisy); CTest's
 * timeout catches a hang.
 */
static void stress(const char *alphabet, int random)
{
	size_t len = LW_FIELD_ANALYSE_MAX, k = strlen(alphabet);
	char *text = malloc(len + 1);
	unsigned seed = 12345;
	CHECK(text != NULL);
	if (!text)
		return;
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		text[i] = alphabet[random ? (seed >> 16) % k : i % k];
	}
	text[len] = '\0';
	lw_xhits_clear(&hits);
	CHECK_INT(lw_extract_all(&hits, data, text, len), LW_OK);
	free(text);
}

static void test_bounded_work(void)
{
	stress("0123456789", 0);
	stress("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ", 1);
	stress("1 ", 0);
	stress("$1,.5k- ", 1);
	stress("a@.b-", 1);
	stress("one two ", 0);
	stress("abavet ", 1);
	stress("wa: +1 ", 0);
}

/* A small lexicon whose words begin one another, in several scripts. */
static const struct lw_word_id test_words[] = {
	{"line", 0}, {"line id", 1}, {"lin", 2},  {"li", 3},	{"bavet", 4},
	{"ba", 5},   {"$", 6},	     {"us$", 7},  {"k", 8},	{"камбоджа", 9},
	{"кам", 10}, {"ปอยเปต", 11}, {"ปอย", 12}, {"西港", 13}, {"西", 14},
	{"đô", 15},  {"đô la", 16},  {"-", 17},	  {"to", 18},	{"a", 19},
};

/*
 * The lookup as first written, for comparison: every word of the lexicon
 * is compared at pos, and the longest one that matches and stands as a
 * whole word (neighbours decoded and classified by libunistring) wins.
 */
static const struct lw_lex_word *lex_at_slowly(const struct lw_lex *lex,
					       const char *text, size_t len,
					       size_t pos, enum lw_edge edge)
{
	const uint8_t *s = (const uint8_t *)text;
	const struct lw_lex_word *best = NULL;
	for (size_t i = 0; i < lex->n; i++) {
		const struct lw_lex_word *w = &lex->words[i];
		size_t end = pos + w->len;
		ucs4_t cp;
		if (w->len > len - pos || memcmp(text + pos, w->text, w->len) ||
		    (best && best->len > w->len))
			continue;
		bool (*spoils)(ucs4_t) =
			edge == LW_EDGE_NOT_ALNUM ? uc_is_alnum : uc_is_alpha;
		if (w->check_before && pos > 0 && u8_prev(&cp, s + pos, s) &&
		    spoils(cp))
			continue;
		if (w->check_after && end < len &&
		    u8_mbtouc(&cp, s + end, len - end) && cp != 0xFFFD &&
		    spoils(cp))
			continue;
		best = w;
	}
	return best;
}

/* The word found at pos of text, as a string for messages ("-" none). */
static const char *found(const struct lw_lex *lex, const char *text, size_t pos,
			 enum lw_edge edge)
{
	const struct lw_lex_word *w =
		lw_lex_at(lex, text, strlen(text), pos, edge);
	return w ? w->text : "-";
}

/* Lookups at the edges the trie walk has to get right. */
static void test_lexicon_edges(const struct lw_lex *lex)
{
	const enum lw_edge nal = LW_EDGE_NOT_ALNUM, nlt = LW_EDGE_NOT_LETTER;
	/* Words at the very end of the text, and cut short by it. */
	CHECK_STR(found(lex, "go bavet", 3, nal), "bavet");
	CHECK_STR(found(lex, "go bave", 3, nal), "-");
	CHECK_STR(found(lex, "5k", 1, nlt), "k");
	CHECK_STR(found(lex, "5$", 1, nlt), "$");
	CHECK_STR(found(lex, "l", 0, nal), "-");
	/* A word that begins another: the longest whole word wins. */
	CHECK_STR(found(lex, "line id: x", 0, nal), "line id");
	CHECK_STR(found(lex, "line idea", 0, nal), "line");
	CHECK_STR(found(lex, "lines", 0, nal), "-");
	CHECK_STR(found(lex, "lin.", 0, nal), "lin");
	CHECK_STR(found(lex, "lind", 0, nal), "-");
	CHECK_STR(found(lex, "line i", 0, nal), "line");
	CHECK_STR(found(lex, "đô lao", 0, nal), "đô");
	CHECK_STR(found(lex, "đô la", 0, nal), "đô la");
	/* Non-ASCII words and neighbours. */
	CHECK_STR(found(lex, "в камбоджа.", strlen("в "), nal), "камбоджа");
	CHECK_STR(found(lex, "юкамбоджа", strlen("ю"), nal), "-");
	CHECK_STR(found(lex, "камбоджаю", 0, nal), "-");
	CHECK_STR(found(lex, "кам, камбоджи", 0, nal), "кам");
	CHECK_STR(found(lex, "камера", 0, nal), "-");
	CHECK_STR(found(lex, "éba", strlen("é"), nal), "-");
	CHECK_STR(found(lex, "งานปอยเปตดี", strlen("งาน"), nal), "ปอยเปต");
	CHECK_STR(found(lex, "ปอยเป", 0, nal), "ปอย");
	/* The rest of a word compared at once (the trie's tail): it differs
	 * in its last byte, or the text ends inside its last character. */
	CHECK_STR(found(lex, "ปอยเปด", 0, nal), "ปอย");
	CHECK_STR(found(lex, "ปอยเป\xe0\xb8", 0, nal), "ปอย");
	CHECK_STR(found(lex, "камбоджя", 0, nal), "-");
	CHECK_STR(found(lex, "line id", 0, nal), "line id");
	CHECK_STR(found(lex, "去西港", strlen("去"), nal), "西港");
	CHECK_STR(found(lex, "去西", strlen("去"), nal), "西");
	/* Punctuation next to a word; letters and digits under each rule. */
	CHECK_STR(found(lex, "(bavet)", 1, nal), "bavet");
	CHECK_STR(found(lex, "-bavet-", 1, nal), "bavet");
	CHECK_STR(found(lex, "bavet,", 0, nal), "bavet");
	CHECK_STR(found(lex, "bavet2", 0, nal), "-");
	CHECK_STR(found(lex, "2bavet", 1, nal), "-");
	CHECK_STR(found(lex, "2bavet", 1, nlt), "bavet");
	CHECK_STR(found(lex, "us$1500", 0, nlt), "us$");
	CHECK_STR(found(lex, "1500us$", 4, nlt), "us$");
	CHECK_STR(found(lex, "plus$", 2, nlt), "-");
	/* Every ASCII neighbour, against libunistring's classes. */
	for (int c = 0; c < 128; c++) {
		char text[] = {(char)c, 't', 'o', (char)c};
		const struct lw_lex_word *w[2] = {
			lw_lex_at(lex, text, sizeof(text), 1, nal),
			lw_lex_at(lex, text, sizeof(text), 1, nlt)};
		int ok[2] = {!uc_is_alnum((ucs4_t)c), !uc_is_alpha((ucs4_t)c)};
		for (int k = 0; k < 2; k++)
			if ((w[k] != NULL) != ok[k]) {
				fprintf(stderr, "byte %d around \"to\"\n", c);
				CHECK(0);
			}
	}
}

/*
 * The mismatches between the slow lookup at every position of a text and
 * what the lexicon answers there, and what a one-pass scan of a set finds
 * for its lexicon which (the lexicon, under the edge rule).
 */
static int scan_mismatches(const struct lw_lex *lex,
			   const struct lw_lex_set *set, int which,
			   enum lw_edge edge, const char *text, size_t len)
{
	struct lw_lex_finds finds = {0};
	int mismatches = 0;
	CHECK_INT(lw_lex_set_scan(&finds, set, text, len), LW_OK);
	size_t start = 0;
	const struct lw_lex_word *next_word =
		lw_lex_next(&finds, which, 0, &start);
	for (size_t pos = 0; pos < len; pos++) {
		const struct lw_lex_word *want =
			lex_at_slowly(lex, text, len, pos, edge);
		if (lw_lex_at(lex, text, len, pos, edge) != want)
			mismatches++;
		if (!want)
			continue;
		if (next_word != want || start != pos)
			mismatches++;
		next_word = lw_lex_next(&finds, which, pos + 1, &start);
	}
	if (next_word)
		mismatches++;
	lw_lex_finds_clear(&finds);
	return mismatches;
}

/*
 * Random texts made of pieces of the test words, long enough to span
 * several of the blocks lw_lex_set_scan tests at once: at every position
 * the lexicon answers as the slow lookup does, and a one-pass scan of the
 * lexicon (alone in a set, and in a set with the same lexicon under the
 * other edge rule) finds a word exactly where it does.
 */
static void test_lexicon_random(const struct lw_lex *lex)
{
	static const char *const pieces[] = {
		"line", " ",   "id",  "lin",  "e",  "s",	"ba",
		"vet",	"$",   "us",  "k",    "1",  "камбоджа", "кам",
		"ю",	"ปอย", "เปต", "西港", "西", "đô",	" la",
		".",	",",   "-",   "to",   "a",  "é",	"l"};
	const size_t n_pieces = sizeof(pieces) / sizeof(pieces[0]);
	unsigned seed = 2024;
	int mismatches = 0;
	struct lw_lex_set alone[2], both;
	memset(alone, 0, sizeof(alone));
	memset(&both, 0, sizeof(both));
	CHECK_INT(lw_lex_set_add(&alone[0], lex, LW_EDGE_NOT_ALNUM), LW_OK);
	CHECK_INT(lw_lex_set_add(&alone[1], lex, LW_EDGE_NOT_LETTER), LW_OK);
	CHECK_INT(lw_lex_set_add(&both, lex, LW_EDGE_NOT_ALNUM), LW_OK);
	CHECK_INT(lw_lex_set_add(&both, lex, LW_EDGE_NOT_LETTER), LW_OK);
	for (int round = 0; round < 2000; round++) {
		char text[2048];
		size_t len = 0;
		int n = 1 + round % 24 + (round % 5 == 0 ? round % 97 : 0);
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % n_pieces];
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		int e = round % 2;
		enum lw_edge edge = e ? LW_EDGE_NOT_LETTER : LW_EDGE_NOT_ALNUM;
		const struct lw_lex_set *set =
			round % 4 < 2 ? &alone[e] : &both;
		mismatches += scan_mismatches(lex, set, set == &both ? e : 0,
					      edge, text, len);
	}
	lw_lex_set_free(&alone[0]);
	lw_lex_set_free(&alone[1]);
	lw_lex_set_free(&both);
	CHECK_INT(mismatches, 0);
}

/*
 * Words at every offset of texts whose lengths end near the edges of
 * lw_lex_set_scan's blocks of 64 positions: at the start and the end of
 * the text (tested in a copy padded with NULs), across the edge of a
 * block, a multi-byte word, words of one and two bytes, and a word after
 * a letter or a digit.
 */
static void test_lexicon_block_edges(const struct lw_lex *lex)
{
	static const char *const words[] = {"bavet", "ปอยเปต", "西港",
					    "кам",   "k",      "ba",
					    "1k",    "xto",    "đô la"};
	struct lw_lex_set set;
	int mismatches = 0;
	memset(&set, 0, sizeof(set));
	CHECK_INT(lw_lex_set_add(&set, lex, LW_EDGE_NOT_LETTER), LW_OK);
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t n = strlen(words[w]);
		for (size_t len = n; len <= 3 * 64 + 3; len++) {
			if (len > n + 2 && (len + 2) % 64 > 4)
				continue;
			for (size_t at = 0; at + n <= len; at++) {
				char text[3 * 64 + 4];
				memset(text, ' ', len);
				memcpy(text + at, words[w], n);
				mismatches += scan_mismatches(
					lex, &set, 0, LW_EDGE_NOT_LETTER, text,
					len);
			}
		}
	}
	lw_lex_set_free(&set);
	CHECK_INT(mismatches, 0);
}

/*
 * The test lexicon, and the same without its one-byte words (a one-byte
 * word opens the lexicon's three-byte filter everywhere, so only the
 * second one puts that filter to the test).
 */
static void test_lexicon(void)
{
	const size_t n = sizeof(test_words) / sizeof(test_words[0]);
	struct lw_word_id longer[sizeof(test_words) / sizeof(test_words[0])];
	size_t n_longer = 0;
	for (size_t i = 0; i < n; i++)
		if (strlen(test_words[i].word) > 1)
			longer[n_longer++] = test_words[i];
	struct lw_lex lex = {0}, lex_longer = {0};
	CHECK_INT(lw_lex_build(&lex, test_words, n), LW_OK);
	CHECK_INT(lw_lex_build(&lex_longer, longer, n_longer), LW_OK);
	test_lexicon_edges(&lex);
	test_lexicon_random(&lex);
	test_lexicon_random(&lex_longer);
	test_lexicon_block_edges(&lex);
	/* A set holds at most LW_LEX_SET_MAX lexicons. */
	struct lw_lex_set full;
	memset(&full, 0, sizeof(full));
	for (int i = 0; i < LW_LEX_SET_MAX; i++)
		CHECK_INT(lw_lex_set_add(&full, &lex, LW_EDGE_NOT_ALNUM),
			  LW_OK);
	CHECK_INT(lw_lex_set_add(&full, &lex, LW_EDGE_NOT_ALNUM), LW_EINVAL);
	lw_lex_set_free(&full);
	lw_lex_free(&lex);
	lw_lex_free(&lex_longer);
}

int main(void)
{
	char err[512];
	int rc = lw_xdata_load(&data, LW_TEST_RULES_DIR "/data", err,
			       sizeof(err));
	CHECK_INT(rc, LW_OK);
	if (rc != LW_OK) {
		fprintf(stderr, "%s\n", err);
		return CHECK_DONE();
	}
	test_money_currencies();
	test_money_periods();
	test_money_ranges_and_spans();
	test_money_not();
	test_phones();
	test_chat_apps();
	test_email();
	test_url();
	test_places();
	test_wages_and_names();
	test_bad_tables();
	test_bounded_work();
	test_scan_edges();
	test_lexicon();
	lw_xhits_clear(&hits);
	lw_xdata_free(data);
	return CHECK_DONE();
}
