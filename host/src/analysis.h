/*
 * analysis.h - the state of one analysis, shared by the two files that
 * handle it: engine.c fills it (fields, matching views, rules, thread
 * signals) and result.c writes the result from it.
 */
#ifndef LW_ANALYSIS_H
#define LW_ANALYSIS_H

#include "deadline.h"
#include "extract.h"
#include "lurewatch.h"
#include "match.h"
#include "norm.h"
#include "pack.h"
#include "prefilter.h"

struct lw_engine {
	lw_pack *pack;
	lw_matcher matcher;
	struct lw_heads *heads; /* indicators' first members, written per
				   reader's language (result.c) */
};

/* One field of the item under analysis. */
struct field {
	char name[96]; /* UTF-8, as the item's keys are: cut between
			  characters when long */
	const char *orig;
	size_t len;	 /* bytes analysed */
	size_t full_len; /* bytes in the item */
	lw_norm view;
	lw_xhits hits;
	lw_candidates candidates; /* what the prefilter found */
	int ready;		  /* view and hits built */
};

/* Everything one analysis needs, freed together. */
struct analysis {
	const lw_engine *engine;
	size_t nfields;
	lw_spans *spans;	/* per rule */
	unsigned char *fired;	/* per rule */
	unsigned char *skipped; /* per rule: not run on a field it reads */
	unsigned char *limited; /* per field and rule: hit a match limit */
	const char *ui_lang;
	int no_prefilter;
	lw_deadline deadline;
	size_t skipped_comments;
	/* Last, so that a new analysis zeroes what comes before and
	 * add_field each field it takes: not all LW_FIELDS_MAX (17 KB). */
	struct field fields[LW_FIELDS_MAX];
};

#endif /* LW_ANALYSIS_H */
