// A search as the page's address holds it, so a search can be shared, bookmarked and gone back to:
//   ?q=red+car&not=truck&like=abc.jpg&unlike=def.jpg&make=Tesla&auto.colour=red&minScore=0.25&collapse=false
// q, not and like mean what they mean to GET /api/search; unlike (an image to steer away from) is the page's own:
// the GET route's `not` takes text only, so such a search goes to POST /api/search as a composed query. Every
// parameter the page does not read itself is a metadata filter, as on the API.

/** The kinds of term, in the order the API's GET route composes them (q, not, like), then the page's unlike. */
export const TermKinds = Object.freeze({
  text: { param: "q", weight: 1 },
  not: { param: "not", weight: -0.5 },
  like: { param: "like", weight: 1 },
  unlike: { param: "unlike", weight: -0.5 },
});

const KindOrder = Object.keys(TermKinds);

/** The API's composed queries take at most this many terms. */
export const MaxTerms = 8;

const MinScoreParam = "minScore";
const CollapseParam = "collapse";
const FunctionKeyParam = "code";

/** Parameters that are never filters: the API's own, the page's own, and the function key. */
const Reserved = new Set(
  [...KindOrder.map((kind) => TermKinds[kind].param), MinScoreParam, CollapseParam, FunctionKeyParam,
    "top", "continuationToken", "force"].map((name) => name.toLowerCase()),
);

/**
 * @typedef {{ kind: keyof typeof TermKinds, value: string }} Term a text (text, not) or an image id (like, unlike)
 * @typedef {{ terms: Term[], filters: [string, string][], minScore: string | null, collapse: boolean }} SearchQuery
 *   `minScore` as written in the address; `collapse` hides near-duplicates (on unless the address says false)
 */

/** @returns {SearchQuery} */
export function emptyQuery() {
  return { terms: [], filters: [], minScore: null, collapse: true };
}

/** The search an address's query string describes. @param {URLSearchParams} params @returns {SearchQuery} */
export function parseQuery(params) {
  const query = emptyQuery();
  for (const kind of KindOrder) {
    for (const value of params.getAll(TermKinds[kind].param)) {
      if (value.trim()) {
        query.terms.push({ kind, value });
      }
    }
  }
  for (const [name, value] of params) {
    if (!Reserved.has(name.toLowerCase()) && !query.filters.some(([known]) => sameName(known, name))) {
      query.filters.push([name, value]);
    }
  }
  const minScore = params.get(MinScoreParam);
  query.minScore = minScore?.trim() ? minScore.trim() : null;
  query.collapse = params.get(CollapseParam)?.toLowerCase() !== "false";
  return query;
}

/**
 * The query string for an address showing `query`, keeping the function key the page was opened with.
 * @param {SearchQuery} query
 * @param {string | null} code
 */
export function queryString(query, code) {
  const params = new URLSearchParams();
  for (const term of sorted(query.terms)) {
    params.append(TermKinds[term.kind].param, term.value);
  }
  for (const [name, value] of query.filters) {
    params.append(name, value);
  }
  if (query.minScore !== null) {
    params.set(MinScoreParam, query.minScore);
  }
  if (!query.collapse) {
    params.set(CollapseParam, "false");
  }
  if (code) {
    params.set(FunctionKeyParam, code);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Whether the query has anything to search for. */
export function hasTerms(query) {
  return query.terms.length > 0;
}

/**
 * How the API is asked: GET /api/search's parameters when it can say it (at most one text, no unlike, and a text or a
 * like), else POST /api/search's composed body. Paging and the cut-off come from `page`.
 * @param {SearchQuery} query
 * @param {{ top: string, continuationToken?: string | null }} page
 * @returns {{ method: "GET", params: Record<string, string | string[]> } | { method: "POST", body: object }}
 */
export function apiRequest(query, page) {
  const terms = sorted(query.terms);
  const count = (kind) => terms.filter((term) => term.kind === kind).length;
  if (count("text") <= 1 && count("unlike") === 0 && (count("text") === 1 || count("like") > 0)) {
    /** @type {Record<string, string | string[]>} */
    const params = {};
    for (const kind of ["text", "not", "like"]) {
      const values = terms.filter((term) => term.kind === kind).map((term) => term.value);
      if (values.length) {
        params[TermKinds[kind].param] = values;
      }
    }
    return { method: "GET", params: { ...params, ...searchParams(query, page) } };
  }

  const body = {
    terms: terms.map((term) => term.kind === "text" || term.kind === "not"
      ? { text: term.value, weight: TermKinds[term.kind].weight }
      : { imageId: term.value, weight: TermKinds[term.kind].weight }),
    top: Number(page.top),
    ...definedOnly({
      filters: query.filters.length ? Object.fromEntries(query.filters) : null,
      minScore: query.minScore === null ? null : numberOrText(query.minScore),
      continuationToken: page.continuationToken,
      collapse: query.collapse ? true : null,
    }),
  };
  return { method: "POST", body };
}

/**
 * The parameters every search route takes besides its terms: the filters, `top`, `minScore`, `continuationToken`
 * and `collapse`.
 * @param {SearchQuery} query
 * @param {{ top: string, continuationToken?: string | null }} page
 * @returns {Record<string, string>}
 */
export function searchParams(query, page) {
  return {
    ...Object.fromEntries(query.filters),
    ...definedOnly({
      top: page.top,
      minScore: query.minScore,
      continuationToken: page.continuationToken,
      collapse: query.collapse ? "true" : null,
    }),
  };
}

/** The query with `term` added (a term already there is not repeated). */
export function withTerm(query, term) {
  const terms = query.terms.some((known) => known.kind === term.kind && known.value === term.value)
    ? query.terms
    : sorted([...query.terms, term]);
  return { ...query, terms };
}

/** The query without its term number `index`. */
export function withoutTerm(query, index) {
  return { ...query, terms: query.terms.filter((_, i) => i !== index) };
}

/** The query with term number `index` holding `value` instead; a blank value removes it. */
export function withTermValue(query, index, value) {
  if (!value.trim()) {
    return withoutTerm(query, index);
  }
  return { ...query, terms: query.terms.map((term, i) => (i === index ? { ...term, value: value.trim() } : term)) };
}

/** The query filtering `name` on `value`; an empty value removes the filter. Names ignore case, as on the API. */
export function withFilter(query, name, value) {
  const others = query.filters.filter(([known]) => !sameName(known, name));
  return { ...query, filters: value ? [...others, [name, value]] : others };
}

/** The value the query filters `name` on, or "". */
export function filterValue(query, name) {
  return query.filters.find(([known]) => sameName(known, name))?.[1] ?? "";
}

/** The terms in the API's order, so the address, the chips and the body always list them alike. */
export function sorted(terms) {
  return [...terms].sort((a, b) => KindOrder.indexOf(a.kind) - KindOrder.indexOf(b.kind));
}

/**
 * What the results are, in words: "Results for “red car”", "More like abc.jpg", or each term in turn.
 * @param {SearchQuery} query
 * @param {(id: string) => string} nameOf an image's name for its id
 */
export function describe(query, nameOf) {
  const terms = sorted(query.terms);
  if (terms.length === 1 && terms[0].kind === "like") {
    return `More like ${nameOf(terms[0].value)}`;
  }
  const words = terms.map((term) => {
    switch (term.kind) {
      case "text": return `“${term.value}”`;
      case "not": return `not “${term.value}”`;
      case "like": return `like ${nameOf(term.value)}`;
      default: return `not like ${nameOf(term.value)}`;
    }
  });
  return `Results for ${words.join(", ")}`;
}

function sameName(a, b) {
  return a.toLowerCase() === b.toLowerCase();
}

function numberOrText(text) {
  const number = Number(text);
  // A bad value goes as written, so the API's own error names it.
  return Number.isFinite(number) ? number : text;
}

function definedOnly(values) {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined && value !== ""));
}
