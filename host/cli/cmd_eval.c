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

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_LINE_MAX (64L * 1024 * 1024)

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
	"  --json               print the figures as one JSON object\n"
	"  --rules DIR          use another rule pack\n";

/* What eval keeps of one labelled item. */
struct scored {
	int label;
	int score;
	int level; /* 0 none .. 3 high */
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
};

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

/* Analyse one line and add it to the tally; 0 when out of memory. */
static int tally_line(struct tally *t, lw_engine *engine, const char *line,
		      size_t len)
{
	json_t *item = json_loadb(line, len, JSON_ALLOW_NUL, NULL);
	json_t *label = json_object_get(item, "label");
	json_t *result = NULL;
	if (!json_is_integer(label) ||
	    (json_integer_value(label) != 0 &&
	     json_integer_value(label) != 1) ||
	    lw_analyze(&result, engine, item, NULL) != 0) {
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
	struct scored *s = &t->items[t->n++];
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

/* Average precision of the score: precision summed at each recall step,
 * taking tied scores as one threshold. */
static double average_precision(struct tally *t)
{
	if (t->positives == 0)
		return 0;
	qsort(t->items, t->n, sizeof(*t->items), by_score_desc);
	double ap = 0;
	long tp = 0, seen = 0;
	for (size_t i = 0; i < t->n;) {
		size_t j = i;
		long new_tp = 0;
		while (j < t->n && t->items[j].score == t->items[i].score) {
			new_tp += t->items[j].label;
			j++;
		}
		tp += new_tp;
		seen += (long)(j - i);
		ap += (double)new_tp / (double)t->positives *
		      ((double)tp / (double)seen);
		i = j;
	}
	return ap;
}

/* Figures with one level as the threshold. */
static json_t *threshold_figures(const struct tally *t, int level)
{
	long tp = 0, fp = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->items[i].level < level)
			continue;
		if (t->items[i].label)
			tp++;
		else
			fp++;
	}
	long fn = t->positives - tp;
	double precision = tp + fp ? (double)tp / (double)(tp + fp) : 0;
	double recall = t->positives ? (double)tp / (double)t->positives : 0;
	double f1 = precision + recall > 0
			    ? 2 * precision * recall / (precision + recall)
			    : 0;
	double fpr = t->negatives ? (double)fp / (double)t->negatives : 0;
	return json_pack("{s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:f}", "level",
			 level_names[level], "tp", (json_int_t)tp, "fp",
			 (json_int_t)fp, "fn", (json_int_t)fn, "precision",
			 precision, "recall", recall, "f1", f1, "fpr", fpr);
}

/* All the figures as one JSON object. */
static json_t *figures(struct tally *t, const char *path)
{
	json_t *levels = json_array(), *rules = json_array();
	for (int l = 1; l < 4; l++)
		json_array_append_new(levels, threshold_figures(t, l));
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
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:o, s:o}", "file",
			 path, "items", (json_int_t)t->n, "positives",
			 (json_int_t)t->positives, "negatives",
			 (json_int_t)t->negatives, "skipped",
			 (json_int_t)t->skipped, "pr_auc", average_precision(t),
			 "thresholds", levels, "rules", rules);
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
		printf(">= %-8s %8.3f %8.3f %8.3f %9.3f %5lld %5lld %5lld\n",
		       json_string_value(json_object_get(t, "level")),
		       json_real_value(json_object_get(t, "precision")),
		       json_real_value(json_object_get(t, "recall")),
		       json_real_value(json_object_get(t, "f1")),
		       json_real_value(json_object_get(t, "fpr")),
		       json_integer_value(json_object_get(t, "tp")),
		       json_integer_value(json_object_get(t, "fp")),
		       json_integer_value(json_object_get(t, "fn")));
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
}

int cmd_eval(int argc, char **argv)
{
	struct cli_common common = {0};
	const char *path = NULL;
	int help = 0, as_json = 0;
	const struct cli_opt opts[] = {{"--help", NULL, &help},
				       {"--json", NULL, &as_json},
				       {"--rules", &common.rules_dir},
				       {NULL}};
	int rc = cli_parse(argc, argv, "eval", opts, &path, 1);
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
	struct tally t = {0};
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
	lw_engine_free(engine);
	return rc;
}
