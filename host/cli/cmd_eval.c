/*
 * cmd_eval.c - `lurewatch eval`: how well the pack separates labelled
 * lures from legitimate adverts.
 *
 * On imbalanced data accuracy says nothing, so eval reports, for each
 * level taken as the threshold, precision, recall, F1 and the false-
 * positive rate on legitimate items; the area under the precision-recall
 * curve of the score; and SpamAssassin-style hit frequencies per rule, so
 * that a rule that fires as often on real jobs as on lures stands out.
 */
#include "cli.h"
#include "eval_comments.h"
#include "jsonin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_LINE_MAX (64L * 1024 * 1024)
/* Most distinct --by values kept; later ones are counted as "(other)". */
#define EVAL_GROUPS_MAX 1024

static const char eval_usage[] =
	"Usage: lurewatch eval [OPTIONS] FILE.jsonl\n"
	"\n"
	"Analyse labelled items (JSON Lines; each item carries \"label\": 1 "
	"for\n"
	"a lure or fraud, 0 for a legitimate advert) and report precision,\n"
	"recall, F1 and false-positive rate with each level as the threshold,\n"
	"the area under the precision-recall curve of the score (average\n"
	"precision), and for each indicator how often it fires on positives\n"
	"and on negatives. Lines without a label, or that are not valid\n"
	"items, are counted and skipped.\n"
	"\n"
	"Options:\n"
	"  --by KEY             also give the threshold figures and PR-AUC "
	"for\n"
	"                       each value of the item key KEY (e.g. lang)\n"
	"  --json               print the figures as one JSON object\n"
	"  --rules DIR          use another rule pack\n" CLI_ITEM_BUDGET_HELP
	"\n"
	"Items whose time ran out are counted with what was found, and\n"
	"their number is written to standard error.\n";

/* What eval keeps of one labelled item. */
struct scored {
	int label;
	int score;
	int level;    /* 0 none .. 3 high */
	size_t group; /* index into tally.groups (--by), else 0 */
};

/* Hit counts of one indicator. */
struct hits {
	char id[64];
	long pos, neg;
};

struct tally {
	struct scored *items;
	size_t n, cap;
	struct hits *rules;
	size_t nrules;
	long skipped;
	long positives, negatives;
	const char *by; /* --by KEY, or NULL */
	char **groups;	/* the values of KEY seen, in order of first sight */
	size_t ngroups;
	struct comment_tally comments; /* threads' labelled comments */
	lw_analyze_opts opts;	       /* --item-budget-ms */
	long partial;		       /* results marked partial */
};

/* Every item: the group filter that selects them all. */
#define ALL_GROUPS ((size_t)-1)

static const char *const level_names[4] = {"none", "low", "medium", "high"};

/* Count one indicator hit for an item of the given label. */
static void count_hit(struct tally *t, const char *id, int label)
{
	size_t i = 0;
	while (i < t->nrules && strcmp(t->rules[i].id, id) != 0)
		i++;
	if (i == t->nrules) {
		struct hits *grown =
			realloc(t->rules, (t->nrules + 1) * sizeof(*grown));
		if (!grown)
			return;
		t->rules = grown;
		memset(&t->rules[i], 0, sizeof(t->rules[i]));
		snprintf(t->rules[i].id, sizeof(t->rules[i].id), "%s", id);
		t->nrules++;
	}
	if (label)
		t->rules[i].pos++;
	else
		t->rules[i].neg++;
}

/* The group of an item: the index of its value of the --by key (a string
 * or a number; anything else is "(none)"), added when new. Returns 0 and
 * sets *ok to 0 when out of memory. */
static size_t group_of(struct tally *t, const json_t *item, int *ok)
{
	if (!t->by)
		return 0;
	const json_t *value = json_object_get(item, t->by);
	char name[128];
	if (json_is_string(value))
		snprintf(name, sizeof(name), "%s", json_string_value(value));
	else if (json_is_integer(value))
		snprintf(name, sizeof(name), "%lld",
			 (long long)json_integer_value(value));
	else
		snprintf(name, sizeof(name), "(none)");
	if (t->ngroups == EVAL_GROUPS_MAX)
		snprintf(name, sizeof(name), "(other)");
	for (size_t i = 0; i < t->ngroups; i++)
		if (strcmp(t->groups[i], name) == 0)
			return i;
	char **grown = realloc(t->groups, (t->ngroups + 1) * sizeof(*grown));
	char *copy = grown ? strdup(name) : NULL;
	if (grown)
		t->groups = grown;
	if (!copy) {
		*ok = 0;
		return 0;
	}
	t->groups[t->ngroups] = copy;
	return t->ngroups++;
}

/* Analyse one line and add it to the tally; 0 when out of memory. */
static int tally_line(struct tally *t, lw_engine *engine, const char *line,
		      size_t len)
{
	json_t *item = lw_jsonin_load(NULL, line, len, JSON_ALLOW_NUL, NULL);
	json_t *label = json_object_get(item, "label");
	json_t *result = NULL;
	if (!json_is_integer(label) ||
	    (json_integer_value(label) != 0 &&
	     json_integer_value(label) != 1) ||
	    lw_analyze(&result, engine, item, &t->opts) != 0) {
		t->skipped++;
		json_decref(result);
		json_decref(item);
		return 1;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct scored *grown = realloc(t->items, cap * sizeof(*grown));
		if (!grown) {
			json_decref(result);
			json_decref(item);
			return 0;
		}
		t->items = grown;
		t->cap = cap;
	}
	int ok = 1;
	size_t group = group_of(t, item, &ok);
	if (!ok) {
		json_decref(result);
		json_decref(item);
		return 0;
	}
	t->partial += json_is_true(json_object_get(result, "partial"));
	struct scored *s = &t->items[t->n++];
	s->group = group;
	s->label = (int)json_integer_value(label);
	s->score = (int)json_integer_value(json_object_get(result, "score"));
	const char *level = json_string_value(json_object_get(result, "level"));
	s->level = 0;
	for (int l = 0; l < 4; l++)
		if (level && strcmp(level, level_names[l]) == 0)
			s->level = l;
	*(s->label ? &t->positives : &t->negatives) += 1;
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(result, "indicators"), i, ind)
		count_hit(t, json_string_value(json_object_get(ind, "id")),
			  s->label);
	eval_comments_count(&t->comments, item, result);
	json_decref(result);
	json_decref(item);
	return 1;
}

/* Order items by score, highest first. */
static int by_score_desc(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	return (y->score > x->score) - (y->score < x->score);
}

/* Whether an item belongs to a group (ALL_GROUPS: every item does). */
static int in_group(const struct scored *s, size_t group)
{
	return group == ALL_GROUPS || s->group == group;
}

/* Count the positive and negative items of a group. */
static void count_labels(const struct tally *t, size_t group, long *positives,
			 long *negatives)
{
	*positives = *negatives = 0;
	for (size_t i = 0; i < t->n; i++)
		if (in_group(&t->items[i], group))
			*(t->items[i].label ? positives : negatives) += 1;
}

/* Average precision of the score over a group: precision summed at each
 * recall step, taking tied scores as one threshold. */
static double average_precision(struct tally *t, size_t group)
{
	long positives, negatives;
	count_labels(t, group, &positives, &negatives);
	if (positives == 0)
		return 0;
	qsort(t->items, t->n, sizeof(*t->items), by_score_desc);
	double ap = 0;
	long tp = 0, seen = 0;
	for (size_t i = 0; i < t->n;) {
		size_t j = i;
		long new_tp = 0, new_seen = 0;
		while (j < t->n && t->items[j].score == t->items[i].score) {
			if (in_group(&t->items[j], group)) {
				new_tp += t->items[j].label;
				new_seen++;
			}
			j++;
		}
		tp += new_tp;
		seen += new_seen;
		if (new_tp)
			ap += (double)new_tp / (double)positives *
			      ((double)tp / (double)seen);
		i = j;
	}
	return ap;
}

/* Figures over a group with one level as the threshold. */
static json_t *threshold_figures(const struct tally *t, int level, size_t group)
{
	long tp = 0, fp = 0, positives, negatives;
	count_labels(t, group, &positives, &negatives);
	for (size_t i = 0; i < t->n; i++) {
		if (t->items[i].level < level || !in_group(&t->items[i], group))
			continue;
		if (t->items[i].label)
			tp++;
		else
			fp++;
	}
	long fn = positives - tp;
	double precision = tp + fp ? (double)tp / (double)(tp + fp) : 0;
	double recall = positives ? (double)tp / (double)positives : 0;
	double f1 = precision + recall > 0
			    ? 2 * precision * recall / (precision + recall)
			    : 0;
	double fpr = negatives ? (double)fp / (double)negatives : 0;
	return json_pack("{s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:f}", "level",
			 level_names[level], "tp", (json_int_t)tp, "fp",
			 (json_int_t)fp, "fn", (json_int_t)fn, "precision",
			 precision, "recall", recall, "f1", f1, "fpr", fpr);
}

/* The figures of each --by group: its counts, PR-AUC and thresholds. */
static json_t *group_figures(struct tally *t)
{
	json_t *groups = json_array();
	for (size_t g = 0; g < t->ngroups; g++) {
		long positives, negatives;
		count_labels(t, g, &positives, &negatives);
		json_t *levels = json_array();
		for (int l = 1; l < 4; l++)
			json_array_append_new(levels,
					      threshold_figures(t, l, g));
		json_array_append_new(
			groups, json_pack("{s:s, s:I, s:I, s:f, s:o}", "value",
					  t->groups[g], "positives",
					  (json_int_t)positives, "negatives",
					  (json_int_t)negatives, "pr_auc",
					  average_precision(t, g), "thresholds",
					  levels));
	}
	return groups;
}

/* All the figures as one JSON object. */
static json_t *figures(struct tally *t, const char *path)
{
	json_t *levels = json_array(), *rules = json_array();
	for (int l = 1; l < 4; l++)
		json_array_append_new(levels,
				      threshold_figures(t, l, ALL_GROUPS));
	for (size_t i = 0; i < t->nrules; i++) {
		const struct hits *h = &t->rules[i];
		double pos = t->positives
				     ? (double)h->pos / (double)t->positives
				     : 0;
		double neg = t->negatives
				     ? (double)h->neg / (double)t->negatives
				     : 0;
		json_array_append_new(
			rules,
			json_pack("{s:s, s:I, s:f, s:I, s:f, s:f}", "id", h->id,
				  "hits_pos", (json_int_t)h->pos, "rate_pos",
				  pos, "hits_neg", (json_int_t)h->neg,
				  "rate_neg", neg, "s_o",
				  pos + neg > 0 ? pos / (pos + neg) : 0));
	}
	json_t *f = json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:o, s:o}",
			      "file", path, "items", (json_int_t)t->n,
			      "positives", (json_int_t)t->positives,
			      "negatives", (json_int_t)t->negatives, "skipped",
			      (json_int_t)t->skipped, "pr_auc",
			      average_precision(t, ALL_GROUPS), "thresholds",
			      levels, "rules", rules);
	if (f && t->by) {
		json_object_set_new(f, "by", json_string(t->by));
		json_object_set_new(f, "groups", group_figures(t));
	}
	if (f)
		eval_comments_add(&t->comments, f);
	return f;
}

/* Print one row of threshold figures, after a prefix. */
static void print_threshold(const char *prefix, const json_t *t)
{
	printf("%s>= %-8s %8.3f %8.3f %8.3f %9.3f %5lld %5lld %5lld\n", prefix,
	       json_string_value(json_object_get(t, "level")),
	       json_real_value(json_object_get(t, "precision")),
	       json_real_value(json_object_get(t, "recall")),
	       json_real_value(json_object_get(t, "f1")),
	       json_real_value(json_object_get(t, "fpr")),
	       json_integer_value(json_object_get(t, "tp")),
	       json_integer_value(json_object_get(t, "fp")),
	       json_integer_value(json_object_get(t, "fn")));
}

/* Print the --by groups' figures: one block of threshold rows a group. */
static void print_groups(const json_t *f)
{
	const json_t *groups = json_object_get(f, "groups");
	if (!groups)
		return;
	printf("\nBy %s:\n%-12s threshold   precision  recall     F1     FP "
	       "rate   TP    FP    FN\n",
	       json_string_value(json_object_get(f, "by")),
	       json_string_value(json_object_get(f, "by")));
	size_t i, j;
	const json_t *g, *t;
	json_array_foreach(groups, i, g)
	{
		char prefix[64];
		snprintf(prefix, sizeof(prefix), "%-12.12s ",
			 json_string_value(json_object_get(g, "value")));
		json_array_foreach(json_object_get(g, "thresholds"), j, t)
		{
			print_threshold(j ? "             " : prefix, t);
		}
		printf("%-12s (%lld positive, %lld negative) PR-AUC %.3f\n", "",
		       json_integer_value(json_object_get(g, "positives")),
		       json_integer_value(json_object_get(g, "negatives")),
		       json_real_value(json_object_get(g, "pr_auc")));
	}
}

/* Print the figures as tables for people. */
static void print_figures(const json_t *f)
{
	printf("%s: %lld items (%lld positive, %lld negative), %lld "
	       "skipped\n\n",
	       json_string_value(json_object_get(f, "file")),
	       json_integer_value(json_object_get(f, "items")),
	       json_integer_value(json_object_get(f, "positives")),
	       json_integer_value(json_object_get(f, "negatives")),
	       json_integer_value(json_object_get(f, "skipped")));
	printf("threshold   precision  recall     F1     FP rate   TP    FP   "
	       " FN\n");
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(f, "thresholds"), i, t)
	{
		print_threshold("", t);
	}
	printf("\nPR-AUC (average precision of the score): %.3f\n\n",
	       json_real_value(json_object_get(f, "pr_auc")));
	printf("%-24s %9s %8s %9s %8s %6s\n", "indicator", "hits pos", "% pos",
	       "hits neg", "% neg", "S/O");
	json_array_foreach(json_object_get(f, "rules"), i, t)
	{
		printf("%-24s %9lld %7.1f%% %9lld %7.1f%% %6.2f\n",
		       json_string_value(json_object_get(t, "id")),
		       json_integer_value(json_object_get(t, "hits_pos")),
		       100 * json_real_value(json_object_get(t, "rate_pos")),
		       json_integer_value(json_object_get(t, "hits_neg")),
		       100 * json_real_value(json_object_get(t, "rate_neg")),
		       json_real_value(json_object_get(t, "s_o")));
	}
	print_groups(f);
	eval_comments_print(f);
}

int cmd_eval(int argc, char **argv)
{
	struct cli_common common = {0};
	const char *path = NULL;
	int help = 0, as_json = 0;
	struct tally t = {0};
	const struct cli_opt opts[] = {{"--help", NULL, &help},
				       {"--by", &t.by},
				       {"--json", NULL, &as_json},
				       {"--item-budget-ms", NULL, NULL,
					cli_take_item_budget,
					&t.opts.item_budget_ms},
				       {"--rules", &common.rules_dir},
				       {NULL}};
	int rc = cli_item_budget_env(&t.opts.item_budget_ms, "eval");
	if (rc == CLI_OK)
		rc = cli_parse(argc, argv, "eval", opts, &path, 1);
	if (rc == CLI_OK && help)
		fputs(eval_usage, stdout);
	if (rc == CLI_OK && !help && !path)
		rc = cli_usage_error("eval", "give a labelled JSONL file");
	if (rc != CLI_OK || help)
		return rc;
	lw_engine *engine = NULL;
	rc = cli_open_engine(&engine, &common);
	if (rc)
		return rc;
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!in) {
		fprintf(stderr, "lurewatch eval: cannot open %s\n", path);
		lw_engine_free(engine);
		return CLI_INPUT;
	}
	struct cli_progress progress;
	cli_progress_start(&progress, 0);
	char *line = NULL;
	size_t cap = 0;
	long len;
	int too_long;
	while (rc == CLI_OK &&
	       (len = cli_read_line(in, &line, &cap, EVAL_LINE_MAX,
				    &too_long)) >= 0) {
		cli_progress_step(&progress, len + 1);
		if (len == 0 && !too_long)
			continue;
		if (too_long)
			t.skipped++;
		else if (!tally_line(&t, engine, line, (size_t)len))
			rc = CLI_INTERNAL;
	}
	cli_progress_end(&progress);
	if (in != stdin)
		fclose(in);
	if (rc == CLI_OK && t.partial)
		fprintf(stderr,
			"lurewatch eval: %ld items ran out of time and were "
			"counted with what was found (--item-budget-ms)\n",
			t.partial);
	if (rc == CLI_OK) {
		json_t *f = figures(&t, path);
		if (as_json) {
			json_dumpf(f, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
		} else {
			print_figures(f);
		}
		json_decref(f);
	}
	free(line);
	free(t.items);
	free(t.rules);
	for (size_t g = 0; g < t.ngroups; g++)
		free(t.groups[g]);
	free(t.groups);
	lw_engine_free(engine);
	return rc;
}
