/*
 * extract.h - extractors for what regular expressions do poorly.
 *
 * Rules can name an extractor instead of (or besides) patterns. Extractors
 * run on the matching view of a field (see norm.h) and return typed hits
 * with their spans in that view:
 *   money   - an amount with its currency and period, converted to a
 *             monthly figure in US dollars;
 *   contact - phone numbers (also spaced out or written as words), chat-app
 *             handles and links (WhatsApp, Telegram, Line, WeChat, Signal,
 *             Viber), e-mail addresses (free-mail domains marked);
 *   url     - links, with link shorteners marked;
 *   place   - names from the gazetteer (scam-compound hotspots and transit
 *             points, in many languages and spellings).
 * Their reference tables (currencies, gazetteer, wages, free-mail domains,
 * shorteners) are data under rules/data/, loaded once with the pack.
 */
#ifndef LW_EXTRACT_H
#define LW_EXTRACT_H

#include <stddef.h>

/** Which extractor produced a hit. */
typedef enum lw_xkind {
	LW_X_MONEY = 0,
	LW_X_CONTACT,
	LW_X_URL,
	LW_X_PLACE,
	LW_X_KIND_COUNT
} lw_xkind;

/** One extractor hit. Spans are byte offsets in the matching view. */
typedef struct lw_xhit {
	lw_xkind kind;
	size_t start, end;
	/** contact: phone, whatsapp, telegram, line, wechat, signal, viber,
	 *  email; url: url, shortener; place: the gazetteer kind (hotspot,
	 *  transit, ...); money: the period as written (month, day, ...). */
	char subtype[16];
	/** contact: canonical value (phone digits with country code if
	 *  written, handle without '@', lower-case e-mail); url: the host;
	 *  place: the gazetteer's canonical name; money: ISO currency code. */
	char value[96];
	/** place: ISO 3166 alpha-2 country; otherwise empty. */
	char country[3];
	/** contact email: 1 when the domain is a free-mail provider. */
	int free_mail;
	/** money: the amount as written, after multipliers (k, million, ...).
	 */
	double amount;
	/** money: the amount per month in US dollars; < 0 when unknown. */
	double monthly_usd;
} lw_xhit;

/** A growable list of hits. Zero-initialise before first use. */
typedef struct lw_xhits {
	lw_xhit *v;
	size_t n, cap;
} lw_xhits;

/** Reference tables for the extractors (opaque). */
typedef struct lw_xdata lw_xdata;

/**
 * Load the extractors' tables from data_dir (rules/data).
 *
 * @param out    receives the tables
 * @param err    on failure, receives "FILE:LINE: message"
 * @return 0, LW_EIO, LW_ERULES or LW_ENOMEM
 */
int lw_xdata_load(lw_xdata **out, const char *data_dir, char *err,
		  size_t errlen);

/** Free tables loaded by lw_xdata_load. Accepts NULL. */
void lw_xdata_free(lw_xdata *data);

/**
 * Typical monthly wage in US dollars for a low-skill job in a country
 * (ISO alpha-2), from rules/data/wages.json; < 0 when not in the table.
 */
double lw_xdata_wage(const lw_xdata *data, const char *country);

/**
 * Run every extractor over a matching-view text and append the hits to
 * out, ordered by start offset within each extractor.
 *
 * @return 0 or LW_ENOMEM
 */
int lw_extract_all(lw_xhits *out, const lw_xdata *data, const char *text,
		   size_t len);

/** Free a hit list and zero it. */
void lw_xhits_clear(lw_xhits *hits);

/** Name of an extractor kind ("money", "contact", "url", "place"). */
const char *lw_xkind_name(lw_xkind kind);

#endif /* LW_EXTRACT_H */
