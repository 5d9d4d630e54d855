/* The recording pt_ops mock: see pt_mock.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/pt_mock.h"

struct pt_mock_state pt_mock;

uint64_t pt_mock_lsize(unsigned level)
{
	return 1UL << (12 + 9 * (3 - level));
}

uint64_t pt_mock_root_n(const struct pt *pt)
{
	unsigned s = 12 + 9 * (3 - pt->start_level);

	return pt->ia_bits <= s ? 1 : 1UL << (pt->ia_bits - s);
}

uint64_t *pt_mock_entry_at(const struct pt *pt, uint64_t ia, unsigned level)
{
	uint64_t *t = pt->root;

	for (unsigned l = pt->start_level;; l++) {
		uint64_t n = l == pt->start_level ? pt_mock_root_n(pt) : 512;
		uint64_t *e = &t[(ia / pt_mock_lsize(l)) & (n - 1)];

		if (l == level)
			return e;
		if (l == 3 || (*e & 3) != 3)
			return NULL;
		t = (uint64_t *)(uintptr_t)(*e & ADDR_MASK);
	}
}

static bool is_live(const void *t)
{
	for (unsigned i = 0; i < pt_mock.nlive; i++)
		if (pt_mock.live[i] == t)
			return true;
	return false;
}

static void push(struct pt_mock_leaves *o, uint64_t ia, unsigned level, uint64_t d)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		o->v = realloc(o->v, o->cap * sizeof(*o->v));
		assert_non_null(o->v);
	}
	o->v[o->n++] = (struct pt_mock_leaf){ia, level, d};
}

/* Every valid leaf, in IA order; checks descriptor types and table links. */
static void collect(const uint64_t *t, unsigned level, uint64_t base, uint64_t n,
		    struct pt_mock_leaves *out, const void *find, bool *found)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t d = t[i], ia = base + i * pt_mock_lsize(level);

		if (!(d & 1))
			continue;
		if (level < 3 && (d & 3) == 3) {
			const uint64_t *c = (const uint64_t *)(uintptr_t)(d & ADDR_MASK);

			if (c == find)
				*found = true;
			if (!is_live(c))
				fail_msg(
					"table at %#lx L%u links to a table not allocated",
					ia, level);
			collect(c, level + 1, ia, 512, out, find, found);
			continue;
		}
		if (level == 0 || (level == 3) != ((d & 3) == 3))
			fail_msg("bad descriptor type %#lx at %#lx L%u", d, ia, level);
		if (out)
			push(out, ia, level, d);
	}
}

void pt_mock_snapshot(struct pt_mock_leaves *out)
{
	bool f = false;

	out->n = 0;
	collect(pt_mock.pt->root, pt_mock.pt->start_level, 0, pt_mock_root_n(pt_mock.pt),
		out, NULL, &f);
}

const struct pt_mock_leaf *pt_mock_covering(const struct pt_mock_leaves *s, uint64_t ia)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) { /* first leaf with v.ia > ia */
		size_t mid = (lo + hi) / 2;

		if (s->v[mid].ia <= ia)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct pt_mock_leaf *l = &s->v[lo - 1];
	return ia < l->ia + pt_mock_lsize(l->level) ? l : NULL;
}

bool pt_mock_same(const struct pt_mock_leaf *a, const struct pt_mock_leaf *b)
{
	return a->ia == b->ia && a->level == b->level && a->desc == b->desc;
}

/* Compares the tables with the last event; now is the TLBI being made. */
const char *pt_mock_bbm_check(const struct pt_mock_inval *now)
{
	struct pt_mock_leaves cur = {0};
	const char *err = NULL;

	pt_mock_snapshot(&cur);
	for (size_t i = 0; i < pt_mock.prev.n && !err; i++) {
		const struct pt_mock_leaf *o = &pt_mock.prev.v[i],
					  *n = pt_mock_covering(&cur, o->ia);

		if (n && pt_mock_same(n, o))
			continue;
		snprintf(pt_mock.why, sizeof(pt_mock.why), "leaf %#lx L%u desc %#lx ",
			 o->ia, o->level, o->desc);
		if (n) {
			strcat(pt_mock.why, "changed while live (no break)");
			err = pt_mock.why;
		} else if (!now) {
			strcat(pt_mock.why, "was broken without a TLB invalidation");
			err = pt_mock.why;
		} else if (now->was_table ? o->ia - now->ia >= pt_mock_lsize(now->level)
					  : o->ia != now->ia || o->level != now->level) {
			strcat(pt_mock.why,
			       "was broken, but the TLBI is for another entry");
			err = pt_mock.why;
		}
	}
	for (size_t i = 0; i < cur.n && !err; i++) {
		const struct pt_mock_leaf *n = &cur.v[i],
					  *o = pt_mock_covering(&pt_mock.prev, n->ia);

		if (o && !pt_mock_same(n, o)) {
			snprintf(pt_mock.why, sizeof(pt_mock.why),
				 "leaf %#lx L%u made inside live leaf %#lx L%u", n->ia,
				 n->level, o->ia, o->level);
			err = pt_mock.why;
		}
	}
	free(pt_mock.prev.v);
	pt_mock.prev = cur;
	return err;
}

static void *m_alloc(void *ctx)
{
	void *t;

	(void)ctx;
	if (pt_mock.budget == 0)
		return NULL;
	if (pt_mock.budget > 0)
		pt_mock.budget--;
	t = aligned_alloc(4096, 4096);
	assert_non_null(t);
	assert_true(pt_mock.nlive < PT_MOCK_MAX_LIVE);
	memset(t, 0, 4096);
	pt_mock.live[pt_mock.nlive++] = t;
	pt_mock.allocs++;
	return t;
}

static void m_free(void *ctx, void *t)
{
	bool linked = false;

	(void)ctx;
	collect(pt_mock.pt->root, pt_mock.pt->start_level, 0, pt_mock_root_n(pt_mock.pt),
		NULL, t, &linked);
	if (linked)
		fail_msg("table %p freed while still linked", t);
	for (unsigned i = 0; i < pt_mock.nlive; i++) {
		if (pt_mock.live[i] == t) {
			pt_mock.live[i] = pt_mock.live[--pt_mock.nlive];
			pt_mock.frees++;
			free(t);
			return;
		}
	}
	fail_msg("free of a table not allocated: %p", t);
}

static uint64_t m_v2p(void *ctx, const void *p)
{
	(void)ctx;
	return (uint64_t)(uintptr_t)p;
}

static void *m_p2v(void *ctx, uint64_t pa)
{
	(void)ctx;
	if (!is_live((void *)(uintptr_t)pa) && (void *)(uintptr_t)pa != pt_mock.pt->root)
		fail_msg("phys_to_virt of %#lx: not a table", pa);
	return (void *)(uintptr_t)pa;
}

static void m_tlb_inval(void *ctx, uint64_t ia, unsigned level, bool was_table)
{
	struct pt_mock_inval now = {ia, level, was_table};
	const uint64_t *e;
	const char *err;

	(void)ctx;
	if (level < pt_mock.pt->start_level || level > 3 ||
	    (ia & (pt_mock_lsize(level) - 1)))
		fail_msg("TLBI %#lx L%u: bad level or alignment", ia, level);
	e = pt_mock_entry_at(pt_mock.pt, ia, level);
	if (!e)
		fail_msg("TLBI %#lx L%u: no valid table above the entry", ia, level);
	if (*e & 1)
		fail_msg("TLBI %#lx L%u while the entry is still valid", ia, level);
	if (pt_mock.ninv < PT_MOCK_MAX_INV)
		pt_mock.inv[pt_mock.ninv] = now;
	pt_mock.ninv++;
	err = pt_mock_bbm_check(&now);
	if (err)
		fail_msg("%s", err);
}

/* pt publishes only with no break pending: a checkpoint like pt_mock_settle(). */
static void m_publish(void *ctx)
{
	const char *err;

	(void)ctx;
	pt_mock.publishes++;
	err = pt_mock_bbm_check(NULL);
	if (err)
		fail_msg("at publish: %s", err);
}

const struct pt_ops pt_mock_ops = {m_alloc, m_free, m_v2p, m_p2v, m_tlb_inval, m_publish};

void pt_mock_reset(const struct pt *pt)
{
	free(pt_mock.prev.v);
	memset(&pt_mock, 0, sizeof(pt_mock));
	pt_mock.pt = pt;
	pt_mock.budget = -1;
}

/* After each operation: the tables must not have changed live entries. */
void pt_mock_settle(void)
{
	const char *err = pt_mock_bbm_check(NULL);

	if (err)
		fail_msg("%s", err);
	pt_mock.ninv = 0;
}

void pt_mock_done(void)
{
	free(pt_mock.prev.v);
	pt_mock.prev = (struct pt_mock_leaves){0};
}
