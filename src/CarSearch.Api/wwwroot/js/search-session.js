// What the results panel shows, kept in the browser's history: each search is an entry whose address says what it is
// (search-query.js), so a search can be shared, reloaded, and gone back and forward to with the browser's buttons.
// The page's own Back button is history's back, shown after a search was opened from a result or refined.

import { ApiError } from "./api.js";
import { renderFacets } from "./facets.js";
import { renderQueryChips } from "./query-chips.js";
import { createResultCard, nameDuplicatesOf } from "./result-card.js";
import {
  apiRequest, describe, emptyQuery, filterValue, hasTerms, MaxTerms, parseQuery, queryString, searchParams,
  withFilter, withTerm, withTermValue, withoutTerm,
} from "./search-query.js";

/**
 * An entry's `history.state`.
 * @typedef {object} EntryState
 * @property {string} key names the entry's results in the page's memory (shown again at once on the way back)
 * @property {number} depth searches opened from results or refined since the last typed search or photo; Back shows above 0
 * @property {string | null} previousHeading what Back returns to
 * @property {string | null} openedId the result opened from this entry, focused again on the way back
 * @property {string | null} photo the key of the photo searched with (a photo cannot go in the address)
 */

/**
 * @typedef {object} Shown the entry on screen and what it found
 * @property {EntryState} state
 * @property {string} heading
 * @property {import("./api.js").SearchResult[]} results
 * @property {string | null} token the continuation token of the next page
 * @property {Record<string, Record<string, number>> | undefined} facets
 * @property {string} settings the page settings (results per page) the results were loaded with
 */

/** Entries whose results are kept in memory; Back to an older one asks the API again. */
const CachedEntries = 50;

export class SearchSession {
  #elements;
  #api;
  #options;
  #query = emptyQuery();
  /** @type {Shown | null} */
  #shown = null;
  /** @type {Map<string, Shown>} */
  #cache = new Map();
  /** @type {Map<string, { file: File, preview: string }>} */
  #photos = new Map();
  /** @type {Map<string, string>} image names by id, as results named them */
  #names = new Map();
  #request = null;

  /**
   * @param {Record<string, HTMLElement>} elements
   * @param {ReturnType<import("./api.js").createApi>} api
   * @param {{
   *   code: string | null,
   *   settings: () => { top: string },
   *   showError: (error: unknown) => void,
   *   onQuery: (query: import("./search-query.js").SearchQuery) => void,
   *   onResults: (results: import("./api.js").SearchResult[]) => void,
   * }} options
   */
  constructor(elements, api, options) {
    this.#elements = elements;
    this.#api = api;
    this.#options = options;
    elements.back.addEventListener("click", () => {
      // Busy until the browser has gone back (history.back() returns at once; the entry arrives as a popstate).
      elements.results.setAttribute("aria-busy", "true");
      history.back();
    });
    // A file the browser cannot show (or that is not an image at all) gets no broken-image icon.
    elements.preview.addEventListener("error", () => {
      elements.preview.hidden = true;
    });
    elements.more.addEventListener("click", () => this.#load({ append: true }));
    window.addEventListener("popstate", (event) => {
      this.#show(parseQuery(new URLSearchParams(location.search)), event.state ?? newState(0), { focus: "opened" });
    });
  }

  /** The search the page's address names, as the page opens (a reload keeps its place in history). */
  restore() {
    const state = history.state?.key ? history.state : newState(0);
    history.replaceState(state, "");
    return this.#show(parseQuery(new URLSearchParams(location.search)), state, { focus: null });
  }

  /** The search on screen. */
  get query() {
    return this.#query;
  }

  /** A typed search: these words, under the filters in force. */
  searchText(text) {
    return this.#navigate({ ...this.#query, terms: [{ kind: "text", value: text }] }, { depth: 0 });
  }

  /** A photo search, under the filters in force; the photo stays in memory for Back and Forward. */
  searchPhoto(file) {
    const key = newKey();
    this.#photos.set(key, { file, preview: URL.createObjectURL(file) });
    return this.#navigate({ ...this.#query, terms: [] }, { depth: 0, photo: key });
  }

  /** "More like this": the result's neighbours. */
  open(result) {
    return this.#fromResult(result, { ...this.#query, terms: [{ kind: "like", value: result.id }] });
  }

  /** "Like this, but…": the result's image and the words. */
  likeBut(result, text) {
    return this.#fromResult(result, { ...this.#query, terms: [{ kind: "like", value: result.id }, { kind: "text", value: text }] });
  }

  /** "Not like this": the search on screen, pushed away from the result's image. */
  notLike(result) {
    return this.#fromResult(result, withTerm(this.#query, { kind: "unlike", value: result.id }));
  }

  /** A term edited in its chip (blank removes it). */
  editTerm(index, value) {
    return this.refine(withTermValue(this.#query, index, value));
  }

  removeTerm(index) {
    return this.refine(withoutTerm(this.#query, index));
  }

  /** A filter set (or, with "", removed). */
  filter(name, value) {
    return this.refine(withFilter(this.#query, name, value));
  }

  /**
   * The search on screen changed (a chip, a filter, a toggle): a new entry, so Back undoes it. With nothing searched
   * yet, only the address changes, and the next search starts from it.
   */
  refine(query) {
    const photo = this.#shown?.state.photo ?? null;
    if (!hasTerms(this.#query) && !photo) {
      history.replaceState(history.state, "", this.#url(query));
      this.#query = query;
      this.#renderQuery();
      return Promise.resolve();
    }
    const state = this.#shown?.state;
    return this.#navigate(query, { depth: (state?.depth ?? 0) + 1, photo: hasTerms(query) ? null : photo });
  }

  /** The page settings (results per page) changed: the search on screen runs again, in the same entry. */
  refresh() {
    return this.#shown ? this.#load({}) : Promise.resolve();
  }

  #fromResult(result, query) {
    this.#names.set(result.id, result.name);
    if (query.terms.length > MaxTerms) {
      this.#options.showError(new ApiError("Too many terms", `A search takes at most ${MaxTerms} terms: remove one of its chips first.`, 0));
      return Promise.resolve();
    }
    history.replaceState({ ...history.state, openedId: result.id }, "");
    return this.#navigate(query, { depth: (this.#shown?.state.depth ?? 0) + 1, focus: "heading" });
  }

  /** A new history entry for `query` and shows it; the entry on screen is replaced when it showed no search. */
  #navigate(query, { depth, photo = null, focus = null }) {
    const searched = hasTerms(this.#query) || Boolean(this.#shown?.state.photo);
    const state = { ...newState(depth), previousHeading: searched && depth > 0 ? this.#heading() : null, photo };
    if (searched) {
      history.pushState(state, "", this.#url(query));
    } else {
      history.replaceState(state, "", this.#url(query));
    }
    return this.#show(query, state, { focus });
  }

  async #show(query, state, { focus }) {
    this.#request?.abort();
    this.#request = null;
    this.#elements.results.removeAttribute("aria-busy");
    this.#options.showError(null);
    this.#query = query;
    const photo = state.photo ? this.#photos.get(state.photo) : null;
    const shown = { state, heading: this.#heading(state), results: [], token: null, facets: undefined, settings: "" };
    this.#renderQuery();
    this.#learnNames(query);

    if (!hasTerms(query) && !photo) {
      this.#shown = null;
      this.#render(shown);
      this.#elements.summary.textContent = state.photo
        ? "The photo searched with here is no longer open: choose it again."
        : "Type a description, or give a photo, to see the closest cars.";
      return;
    }

    const cached = this.#cache.get(state.key);
    if (cached && cached.settings === this.#settingsKey()) {
      this.#shown = cached;
      this.#render(cached);
    } else {
      this.#shown = shown;
      await this.#load({});
    }
    if (this.#shown !== shown && this.#shown !== cached) {
      return;
    }
    if (focus === "heading") {
      this.#elements.heading.focus();
    } else if (focus === "opened") {
      const opened = [...this.#elements.results.querySelectorAll(".result-button")]
        .find((button) => button.dataset.id === state.openedId);
      (opened ?? this.#elements.heading).focus();
    }
  }

  async #load({ append = false }) {
    const shown = this.#shown;
    if (!shown) {
      return;
    }
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    const settings = this.#settingsKey();
    const page = {
      ...this.#options.settings(),
      continuationToken: append ? shown.token : null,
    };

    this.#options.showError(null);
    if (!append) {
      this.#renderHeading(shown);
    }
    this.#elements.summary.textContent = "Searching…";
    this.#elements.results.setAttribute("aria-busy", "true");

    try {
      const photo = shown.state.photo ? this.#photos.get(shown.state.photo) : null;
      const answer = photo
        ? await this.#api.searchImage(photo.file, searchParams(this.#query, page), request.signal)
        : await this.#api.search(apiRequest(this.#query, page), request.signal);
      if (request !== this.#request) {
        return;
      }
      for (const result of answer.results) {
        this.#names.set(result.id, result.name);
      }
      shown.results = append ? [...shown.results, ...answer.results] : answer.results;
      shown.token = answer.continuationToken ?? null;
      shown.facets = append ? addFacets(shown.facets, answer.facets) : answer.facets;
      shown.settings = settings;
      shown.heading = this.#heading(shown.state);
      this.#remember(shown);
      this.#options.onResults(answer.results);
      this.#renderQuery();
      this.#render(shown, append ? answer.results : null);
      void this.#learnDuplicateNames(answer.results);
    } catch (error) {
      if (error?.name === "AbortError" || request !== this.#request) {
        return;
      }
      if (!append) {
        shown.results = [];
        shown.token = null;
        shown.facets = undefined;
        this.#elements.results.replaceChildren();
        this.#renderFacets(undefined);
      }
      this.#elements.more.hidden = !shown.token;
      this.#elements.summary.textContent = "The search did not complete.";
      this.#options.showError(error);
    } finally {
      if (request === this.#request) {
        this.#request = null;
        this.#elements.results.removeAttribute("aria-busy");
      }
    }
  }

  /** Shows an entry; with `added`, only appends those results to what is on screen. */
  #render(shown, added = null) {
    this.#renderHeading(shown);
    const photoSearch = Boolean(shown.state.photo);
    const cards = (added ?? shown.results).map((result) => createResultCard(result, {
      imageSrc: this.#api.link,
      nameOf: (id) => this.#nameOf(id),
      onOpen: (opened) => this.open(opened),
      onLikeBut: (opened, text) => this.likeBut(opened, text),
      // A photo's search has no id to compose with in the address.
      onNotLike: photoSearch ? null : (opened) => this.notLike(opened),
    }));
    if (added) {
      this.#elements.results.append(...cards);
      cards[0]?.querySelector("button")?.focus();
    } else {
      this.#elements.results.replaceChildren(...cards);
    }
    this.#renderFacets(shown.facets);
    this.#elements.more.hidden = !shown.token;
    this.#elements.summary.textContent = this.#summary(shown);
  }

  #renderHeading(shown) {
    const { heading, preview, back } = this.#elements;
    heading.textContent = shown.heading;
    const photo = shown.state.photo ? this.#photos.get(shown.state.photo) : null;
    const terms = this.#query.terms;
    const src = photo?.preview
      ?? (terms.length === 1 && terms[0].kind === "like" ? this.#api.thumbnailOf(terms[0].value) : null);
    preview.hidden = !src;
    if (src) {
      preview.src = src;
    } else {
      preview.removeAttribute("src");
    }
    const previous = shown.state.depth > 0 ? shown.state.previousHeading : null;
    back.hidden = !previous;
    back.textContent = previous ? `← Back to ${lowerFirst(previous)}` : "";
  }

  #renderQuery() {
    renderQueryChips(this.#elements.chips, this.#query, {
      thumbnailOf: this.#api.thumbnailOf,
      nameOf: (id) => this.#nameOf(id),
      onEditTerm: (index, value) => this.editTerm(index, value),
      onRemoveTerm: (index) => this.removeTerm(index),
      onRemoveFilter: (name) => this.filter(name, ""),
    });
    this.#options.onQuery(this.#query);
  }

  #renderFacets(facets) {
    renderFacets(this.#elements.facets, this.#elements.facetGroups, facets, {
      valueOf: (field) => filterValue(this.#query, field),
      onToggle: (field, value) => this.filter(field, value),
    });
  }

  #heading(state = this.#shown?.state) {
    const photo = state?.photo ? this.#photos.get(state.photo) : null;
    if (photo) {
      return photo.file.name ? `Closest to your photo (${photo.file.name})` : "Closest to your photo";
    }
    return hasTerms(this.#query) ? describe(this.#query, (id) => this.#nameOf(id)) : "Search your car photos";
  }

  #summary(shown) {
    const count = shown.results.length;
    const filters = this.#query.filters.map(([name, value]) => `${name} “${value}”`);
    const filter = filters.length ? ` with ${filters.join(" and ")}` : "";
    const cutOff = this.#query.minScore !== null ? ` scoring at least ${this.#query.minScore}` : "";
    if (count === 0) {
      return `No images found${filter}${cutOff}.`;
    }
    const noun = count === 1 ? "image" : "images";
    return `${count} ${noun}${filter}${cutOff}, best first${shown.token ? "; more below" : ""}.`;
  }

  /** Keeps an entry's results for the way back; the oldest go first, so a long session does not grow without end. */
  #remember(shown) {
    this.#cache.delete(shown.state.key);
    this.#cache.set(shown.state.key, shown);
    while (this.#cache.size > CachedEntries) {
      this.#cache.delete(this.#cache.keys().next().value);
    }
  }

  /**
   * Image terms from an address name ids; an id is the blob's name only for plain names, so the names not yet seen
   * in results are asked for, and the heading and chips say them once known.
   */
  async #learnNames(query) {
    const unknown = new Set(query.terms
      .filter((term) => (term.kind === "like" || term.kind === "unlike") && !this.#names.has(term.value))
      .map((term) => term.value));
    // An unknown id: the search itself says so, and the chips are left as they are.
    const named = await this.#askNames([...unknown]);
    if (unknown.size && named.length === unknown.size && this.#query === query) {
      this.#renderQuery();
      if (this.#shown) {
        this.#shown.heading = this.#heading(this.#shown.state);
        this.#elements.heading.textContent = this.#shown.heading;
      }
    }
  }

  /**
   * A near-duplicate names its group's image, by id; the names not yet seen in results are asked for, and the cards
   * say them once known. An image gone meanwhile stays named by its id.
   */
  async #learnDuplicateNames(results) {
    for (const id of await this.#askNames(results.map((result) => result.duplicateOf))) {
      nameDuplicatesOf(this.#elements.results, id, this.#names.get(id));
    }
  }

  /** Asks for the names of the images among `ids` not named yet, all at once; returns the ids named now (not the unknown). */
  async #askNames(ids) {
    const unknown = [...new Set(ids)].filter((id) => id && !this.#names.has(id));
    const named = await Promise.all(unknown.map(async (id) => {
      try {
        this.#names.set(id, (await this.#api.image(id)).name);
        return id;
      } catch {
        return null;
      }
    }));
    return named.filter((id) => id !== null);
  }

  #nameOf(id) {
    return this.#names.get(id) ?? id;
  }

  #url(query) {
    return `${location.pathname}${queryString(query, this.#options.code)}`;
  }

  #settingsKey() {
    return JSON.stringify(this.#options.settings());
  }
}

let lastKey = 0;

function newKey() {
  lastKey += 1;
  return `${Date.now().toString(36)}-${lastKey}`;
}

/** @returns {EntryState} */
function newState(depth) {
  return { key: newKey(), depth, previousHeading: null, openedId: null, photo: null };
}

/** The API counts facets per page: the counts of the pages on screen are their sums. */
function addFacets(shown, added) {
  if (!shown || !added) {
    return shown ?? added;
  }
  const sum = structuredClone(shown);
  for (const [field, counts] of Object.entries(added)) {
    sum[field] ??= {};
    for (const [value, count] of Object.entries(counts ?? {})) {
      sum[field][value] = (sum[field][value] ?? 0) + count;
    }
  }
  return sum;
}

function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
