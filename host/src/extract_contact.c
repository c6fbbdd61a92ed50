/*
 * extract_contact.c - how an advert wants to be contacted.
 *
 * Four scans, each one left-to-right pass over the view:
 *  1. chat apps: a keyword from one table, then a value. The keyword is a
 *     link prefix ("wa.me/", "t.me/", "line.me/ti/p/") followed at once by
 *     the value, or a name ("whatsapp", "tg", "微信") followed by an
 *     optional ':' and the value. After a name, a phone number or an
 *     @handle is always taken; a bare handle only after a separator
 *     ("line: abc") or after a CJK name, so that "line manager" stays
 *     English. A phone number right after a chat-app name is one hit of
 *     that app, not also a phone hit.
 *  2. e-mail addresses, marked free_mail when the domain is a free-mail
 *     provider from rules/data/freemail.json;
 *  3. phone numbers: '+', '(' or a digit, then digits with single spaces,
 *     dots, dashes or parentheses between them, 8 to 15 digits in all;
 *     spans already explained (money, links, chat hits, e-mails) and
 *     ISO-looking dates are skipped;
 *  4. phone numbers written as words, in English, Spanish, Portuguese,
 *     Indonesian, Tagalog and Vietnamese: at least seven digit words in a
 *     row ("nol delapan satu dua ...").
 * The hits are then put in start order. The chat-app keywords and digit
 * words of scans 1 and 4 are taken from the words lw_extract_all found in
 * one pass with the gazetteer's (lw_lex_set_scan), in order.
 */
#include "extract_int.h"
#include "lurewatch.h"

#include <stdlib.h>
#include <string.h>

#define PHONE_MIN_DIGITS 8
#define PHONE_MAX_DIGITS 15
#define DIGIT_WORDS_MIN	 7
#define HANDLE_MIN	 3
#define HANDLE_MAX	 64
/* Spaces allowed around the separator after a chat-app name. */
#define CHAT_GAP 3

/* What a chat-app keyword may be followed by. */
enum chat_value { CHAT_PHONE = 1, CHAT_HANDLE = 2, CHAT_EITHER = 3 };

/* The chat-app keywords, one table for every app and form. */
static const struct chat_form {
	const char *keyword;
	const char *channel;
	unsigned char value; /* enum chat_value */
	/* 1: a link prefix, the value follows at once; 2: a name after
	 * which a bare handle needs no separator (CJK names); 0: a name. */
	unsigned char form;
} chat_forms[] = {
	{"wa.me/", "whatsapp", CHAT_PHONE, 1},
	{"api.whatsapp.com/send?phone=", "whatsapp", CHAT_PHONE, 1},
	{"api.whatsapp.com/send/?phone=", "whatsapp", CHAT_PHONE, 1},
	{"chat.whatsapp.com/", "whatsapp", CHAT_HANDLE, 1},
	{"whatsapp", "whatsapp", CHAT_PHONE, 0},
	{"whats app", "whatsapp", CHAT_PHONE, 0},
	{"watsapp", "whatsapp", CHAT_PHONE, 0},
	{"wa", "whatsapp", CHAT_PHONE, 0},
	{"t.me/", "telegram", CHAT_EITHER, 1},
	{"telegram.me/", "telegram", CHAT_EITHER, 1},
	{"telegram.dog/", "telegram", CHAT_EITHER, 1},
	{"telegram", "telegram", CHAT_EITHER, 0},
	{"tg", "telegram", CHAT_EITHER, 0},
	{"tele", "telegram", CHAT_EITHER, 0},
	{"line.me/ti/p/", "line", CHAT_HANDLE, 1},
	{"line.me/r/ti/p/", "line", CHAT_HANDLE, 1},
	{"line id", "line", CHAT_EITHER, 0},
	{"line", "line", CHAT_EITHER, 0},
	{"wechat id", "wechat", CHAT_EITHER, 0},
	{"wechat", "wechat", CHAT_EITHER, 0},
	{"we chat", "wechat", CHAT_EITHER, 0},
	{"weixin", "wechat", CHAT_EITHER, 0},
	{"vx", "wechat", CHAT_EITHER, 0},
	{"微信", "wechat", CHAT_EITHER, 2},
	{"微信号", "wechat", CHAT_EITHER, 2},
	{"signal.me/#p/", "signal", CHAT_PHONE, 1},
	{"signal", "signal", CHAT_EITHER, 0},
	{"viber://chat?number=", "viber", CHAT_PHONE, 1},
	{"viber://add?number=", "viber", CHAT_PHONE, 1},
	{"viber", "viber", CHAT_PHONE, 0},
};

/* Digits written as words; one spelling shared by languages is listed
 * once ("lima" is 5 in Indonesian and Tagalog). */
static const struct lw_word_id digit_words[] = {
	/* English */
	{"zero", 0},
	{"one", 1},
	{"two", 2},
	{"three", 3},
	{"four", 4},
	{"five", 5},
	{"six", 6},
	{"seven", 7},
	{"eight", 8},
	{"nine", 9},
	/* Spanish */
	{"cero", 0},
	{"uno", 1},
	{"dos", 2},
	{"tres", 3},
	{"cuatro", 4},
	{"cinco", 5},
	{"seis", 6},
	{"siete", 7},
	{"ocho", 8},
	{"nueve", 9},
	/* Portuguese (zero, cinco, seis as above) */
	{"um", 1},
	{"dois", 2},
	{"três", 3},
	{"quatro", 4},
	{"sete", 7},
	{"oito", 8},
	{"nove", 9},
	/* Indonesian */
	{"nol", 0},
	{"kosong", 0},
	{"satu", 1},
	{"dua", 2},
	{"tiga", 3},
	{"empat", 4},
	{"lima", 5},
	{"enam", 6},
	{"tujuh", 7},
	{"delapan", 8},
	{"sembilan", 9},
	/* Tagalog (lima as above) */
	{"sero", 0},
	{"isa", 1},
	{"dalawa", 2},
	{"tatlo", 3},
	{"apat", 4},
	{"anim", 6},
	{"pito", 7},
	{"walo", 8},
	{"siyam", 9},
	/* Vietnamese */
	{"không", 0},
	{"một", 1},
	{"hai", 2},
	{"ba", 3},
	{"bốn", 4},
	{"năm", 5},
	{"sáu", 6},
	{"bảy", 7},
	{"tám", 8},
	{"chín", 9},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Fold the chat-app keywords and digit words into lexicons. */
int lw_contact_grammar_load(struct lw_xdata *d)
{
	struct lw_word_id chat[COUNT(chat_forms)];
	for (size_t i = 0; i < COUNT(chat_forms); i++)
		chat[i] = (struct lw_word_id){chat_forms[i].keyword, (int)i};
	int rc = lw_lex_build(&d->chat_keywords, chat, COUNT(chat));
	if (rc)
		return rc;
	return lw_lex_build(&d->digit_words, digit_words, COUNT(digit_words));
}

/* ASCII letters and digits: what handles, e-mails and hosts are made of. */
static int is_ascii_alnum(char c)
{
	return lw_is_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/*
 * Whether host matches an entry of a domain list: equal to it, or, for an
 * entry "name.*", starting with "name." (any top-level domain).
 */
int lw_host_in_list(const char *host, char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(list[i]);
		if (k >= 2 && list[i][k - 1] == '*' && list[i][k - 2] == '.') {
			if (strncmp(host, list[i], k - 1) == 0 &&
			    host[k - 1] != '\0')
				return 1;
		} else if (strcmp(host, list[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* A phone number as read: its end, digit count and digits. */
struct phone {
	size_t end;
	size_t n_digits;
	char digits[PHONE_MAX_DIGITS + 1];
};

/*
 * Read a phone number at pos: an optional '+' (also "%2b" in links), then
 * digits with at most two separators (space . - ( )) between them. Returns
 * 1 when it holds 8 to 15 digits; either way ph->end is past what was
 * read, so a scan can skip a long run of digits at once.
 */
static int read_phone(const char *text, size_t len, size_t pos,
		      struct phone *ph)
{
	size_t i = pos, seps = 0;
	ph->n_digits = 0;
	ph->end = pos;
	if (i < len && text[i] == '+')
		i++;
	else if (len - i >= 3 && memcmp(text + i, "%2b", 3) == 0)
		i += 3;
	while (i < len) {
		char c = text[i];
		if (lw_is_digit(c)) {
			if (ph->n_digits < PHONE_MAX_DIGITS)
				ph->digits[ph->n_digits] = c;
			ph->n_digits++;
			seps = 0;
			ph->end = ++i;
		} else if (seps < 2 && (c == ' ' || c == '.' || c == '-' ||
					c == '(' || c == ')')) {
			seps++;
			i++;
		} else {
			break;
		}
	}
	if (ph->end < i && text[ph->end] == ')')
		ph->end++;
	if (ph->n_digits < PHONE_MIN_DIGITS || ph->n_digits > PHONE_MAX_DIGITS)
		return 0;
	ph->digits[ph->n_digits] = '\0';
	return 1;
}

/*
 * Whether a phone-shaped run is really a date written YYYY-MM-DD (or with
 * dots or spaces): eight digits starting 19 or 20, split after the fourth
 * and sixth.
 */
static int looks_like_date(const char *text, size_t pos, const struct phone *ph)
{
	return ph->n_digits == 8 && ph->end - pos == 10 &&
	       (memcmp(ph->digits, "19", 2) == 0 ||
		memcmp(ph->digits, "20", 2) == 0) &&
	       !lw_is_digit(text[pos + 4]) && !lw_is_digit(text[pos + 7]);
}

/* Read a handle at pos ([a-z0-9_.-], trailing dots and dashes dropped). */
static size_t read_handle(const char *text, size_t len, size_t pos)
{
	size_t i = pos;
	while (i < len && i - pos < HANDLE_MAX &&
	       (is_ascii_alnum(text[i]) || text[i] == '_' || text[i] == '.' ||
		text[i] == '-'))
		i++;
	while (i > pos && (text[i - 1] == '.' || text[i - 1] == '-'))
		i--;
	return i - pos >= HANDLE_MIN ? i : pos;
}

/*
 * Read the value after a chat-app keyword ending at pos and, when there is
 * one, append the hit spanning keyword and value. Returns where the scan
 * goes on; sets *nomem when the hit could not be stored.
 */
static size_t read_chat_value(lw_xhits *out, const struct chat_form *form,
			      const char *text, size_t len, size_t kw_start,
			      size_t pos, int *nomem)
{
	int separated = form->form != 0;
	if (form->form != 1) {
		pos = lw_skip_spaces(text, len, pos, CHAT_GAP);
		if (pos < len && (text[pos] == ':' || text[pos] == '=' ||
				  text[pos] == '-')) {
			separated = 1;
			pos = lw_skip_spaces(text, len, pos + 1, CHAT_GAP);
		}
	}
	if (pos >= len)
		return pos;
	struct phone ph;
	const char *value = NULL;
	size_t value_len = 0, end = pos;
	char c = text[pos];
	if ((form->value & CHAT_PHONE) &&
	    (c == '+' || c == '(' || c == '%' || lw_is_digit(c)) &&
	    read_phone(text, len, pos, &ph)) {
		value = ph.digits;
		value_len = ph.n_digits;
		end = ph.end;
	} else if (form->value & CHAT_HANDLE) {
		int marked =
			c == '@' || (form->form == 1 && (c == '~' || c == '+'));
		if (marked || separated) {
			size_t start = pos + (size_t)marked;
			end = read_handle(text, len, start);
			value = text + start;
			value_len = end - start;
		}
	}
	if (value_len == 0)
		return pos;
	lw_xhit *h = lw_xhits_push(out, LW_X_CONTACT, kw_start, end);
	if (!h) {
		*nomem = 1;
		return end;
	}
	lw_copy_string(h->subtype, sizeof(h->subtype), form->channel);
	lw_copy_value(h->value, sizeof(h->value), value, value_len);
	return end;
}

/* Scan 1: chat-app keywords (found in words) and their values. */
static int scan_chat(lw_xhits *out, const char *text, size_t len,
		     struct lw_lex_finds *words)
{
	size_t pos = 0, start;
	int nomem = 0;
	const struct lw_lex_word *w;
	while ((w = lw_lex_next(words, LW_SCAN_CHAT, pos, &start))) {
		size_t next =
			read_chat_value(out, &chat_forms[w->id], text, len,
					start, start + w->len, &nomem);
		if (nomem)
			return LW_ENOMEM;
		pos = next > start + w->len ? next : start + w->len;
	}
	return LW_OK;
}

/* Characters of the local part and of the domain of an e-mail address. */
static int is_local_char(char c)
{
	return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' ||
	       c == '+' || c == '-';
}

static int is_domain_char(char c)
{
	return is_ascii_alnum(c) || c == '.' || c == '-';
}

/*
 * Whether a domain has a dot and ends in a top-level label of at least two
 * letters ("gmail.com", not "localhost" or "1.500").
 */
static int domain_ok(const char *s, size_t n)
{
	size_t dot = n;
	while (dot > 0 && s[dot - 1] != '.')
		dot--;
	if (dot < 2 || n - dot < 2)
		return 0;
	for (size_t i = dot; i < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z'))
			return 0;
	return 1;
}

/*
 * Scan 2: e-mail addresses. Each '@' (found with memchr: most texts have
 * none) looks back over the local part and forward over the domain;
 * neither look goes past the previous '@', so every byte is visited a
 * bounded number of times.
 */
static int scan_email(lw_xhits *out, const struct lw_xdata *d, const char *text,
		      size_t len)
{
	size_t floor = 0;
	for (size_t at = 0; at < len; at++) {
		const char *sign = memchr(text + at, '@', len - at);
		if (!sign)
			break;
		at = (size_t)(sign - text);
		size_t start = at, end = at + 1;
		while (start > floor && is_local_char(text[start - 1]))
			start--;
		while (start < at && text[start] == '.')
			start++;
		while (end < len && is_domain_char(text[end]))
			end++;
		while (end > at + 1 &&
		       (text[end - 1] == '.' || text[end - 1] == '-'))
			end--;
		floor = at + 1;
		if (start == at || !domain_ok(text + at + 1, end - at - 1))
			continue;
		lw_xhit *h = lw_xhits_push(out, LW_X_CONTACT, start, end);
		if (!h)
			return LW_ENOMEM;
		lw_copy_string(h->subtype, sizeof(h->subtype), "email");
		lw_copy_value(h->value, sizeof(h->value), text + start,
			      end - start);
		char domain[96];
		lw_copy_value(domain, sizeof(domain), text + at + 1,
			      end - at - 1);
		h->free_mail =
			lw_host_in_list(domain, d->freemail, d->n_freemail);
		floor = end;
		at = end - 1;
	}
	return LW_OK;
}

/* The bytes a phone number can start with: lw_next_stop's stops. */
static const unsigned char phone_first[256] = {
	['+'] = 1, ['('] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
	['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1};

/* Scan 3: phone numbers not already explained by another hit. The bytes
 * no number starts with are passed over eight at a time. */
static int scan_phone(lw_xhits *out, const char *text, size_t len,
		      struct lw_taken *taken)
{
	size_t pos = 0;
	while ((pos = lw_next_stop(phone_first, text, len, pos)) < len) {
		char c = text[pos];
		int starts = lw_is_digit(c) ||
			     ((c == '+' || c == '(') && pos + 1 < len &&
			      lw_is_digit(text[pos + 1]));
		if (!starts || (pos > 0 && (is_ascii_alnum(text[pos - 1]) ||
					    text[pos - 1] == '+'))) {
			pos++;
			continue;
		}
		struct phone ph;
		if (read_phone(text, len, pos, &ph) &&
		    !looks_like_date(text, pos, &ph) &&
		    !lw_taken_overlaps(taken, pos, ph.end)) {
			lw_xhit *h =
				lw_xhits_push(out, LW_X_CONTACT, pos, ph.end);
			if (!h)
				return LW_ENOMEM;
			lw_copy_string(h->subtype, sizeof(h->subtype), "phone");
			lw_copy_value(h->value, sizeof(h->value), ph.digits,
				      ph.n_digits);
		}
		pos = ph.end > pos ? ph.end : pos + 1;
	}
	return LW_OK;
}

/* Scan 4: runs of at least seven digit words, separated by spaces,
 * commas or dashes: each starts at a digit word found in words. */
static int scan_digit_words(lw_xhits *out, const struct lw_xdata *d,
			    const char *text, size_t len,
			    struct lw_lex_finds *words)
{
	size_t pos = 0;
	const struct lw_lex_word *w;
	while ((w = lw_lex_next(words, LW_SCAN_DIGITS, pos, &pos))) {
		char digits[sizeof(((lw_xhit *)0)->value)];
		size_t n = 0, end = pos, p = pos;
		while (w) {
			if (n < sizeof(digits) - 1)
				digits[n] = (char)('0' + w->id);
			n++;
			end = p + w->len;
			p = end;
			while (p < len && p - end < 3 &&
			       (text[p] == ' ' || text[p] == ',' ||
				text[p] == '-'))
				p++;
			w = lw_lex_at(&d->digit_words, text, len, p,
				      LW_EDGE_NOT_ALNUM);
		}
		if (n >= DIGIT_WORDS_MIN) {
			lw_xhit *h = lw_xhits_push(out, LW_X_CONTACT, pos, end);
			if (!h)
				return LW_ENOMEM;
			lw_copy_string(h->subtype, sizeof(h->subtype), "phone");
			lw_copy_value(h->value, sizeof(h->value), digits,
				      n < sizeof(digits) ? n
							 : sizeof(digits) - 1);
		}
		pos = end;
	}
	return LW_OK;
}

/* Order hits by start, then by end. */
static int cmp_hits(const void *a, const void *b)
{
	const lw_xhit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

int lw_extract_contact(lw_xhits *out, const struct lw_xdata *d,
		       const char *text, size_t len, struct lw_taken *taken,
		       struct lw_lex_finds *words)
{
	size_t from = out->n;
	int rc = scan_chat(out, text, len, words);
	if (rc)
		return rc;
	size_t chats_end = out->n;
	if ((rc = scan_email(out, d, text, len)))
		return rc;
	lw_taken_add(taken, out, from, chats_end);
	lw_taken_add(taken, out, chats_end, out->n);
	if ((rc = scan_phone(out, text, len, taken)) ||
	    (rc = scan_digit_words(out, d, text, len, words)))
		return rc;
	if (out->n - from > 1)
		qsort(out->v + from, out->n - from, sizeof(*out->v), cmp_hits);
	return LW_OK;
}
