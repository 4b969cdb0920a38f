// What the results panel shows, and the way back. A view is one search (by text, by photo, or "more like" a
// result) with its results so far; opening a result pushes a view, Back pops one. Filters apply to every view:
// a view shown again under other filters than it was loaded with runs again.

import { createResultCard } from "./result-card.js";

/**
 * @typedef {object} View
 * @property {string} heading what the grid shows, e.g. "More like red_car.jpg"
 * @property {(params: object, signal: AbortSignal) => Promise<import("./api.js").SearchPage>} fetch
 * @property {string} [preview] an image URL shown beside the heading
 * @property {() => void} [dispose] frees what the view holds (a photo preview)
 * @property {import("./api.js").SearchResult[]} [results]
 * @property {string | null} [token] the continuation token of the next page
 * @property {string} [filters] the filters the results were loaded with
 * @property {string} [openedId] the result opened from this view, focused again on the way back
 */

export class SearchSession {
  #elements;
  #api;
  #filters;
  #makes;
  #showError;
  /** @type {View[]} */
  #stack = [];
  /** @type {View | null} */
  #current = null;
  #request = null;

  /**
   * @param {Record<string, HTMLElement>} elements
   * @param {{ link: (href: string) => string, similar: Function }} api
   * @param {{ params: () => object, makes: import("./make-filter.js").MakeFilter }} filters
   * @param {(error: unknown) => void} showError
   */
  constructor(elements, api, { params, makes }, showError) {
    this.#elements = elements;
    this.#api = api;
    this.#filters = params;
    this.#makes = makes;
    this.#showError = showError;
    elements.back.addEventListener("click", () => this.back());
    // A file the browser cannot show (or that is not an image at all) gets no broken-image icon.
    elements.preview.addEventListener("error", () => {
      elements.preview.hidden = true;
    });
    elements.more.addEventListener("click", () => this.#load(this.#current, { append: true }));
  }

  /** Starts over with a new search (text or photo): earlier views are forgotten. */
  start(view) {
    for (const old of [...this.#stack, this.#current]) {
      old?.dispose?.();
    }
    this.#stack = [];
    this.#current = view;
    return this.#load(view, { focus: false });
  }

  /** "More like this": shows the neighbours of a result; Back returns here. */
  open(result) {
    if (this.#current) {
      this.#current.openedId = result.id;
      this.#stack.push(this.#current);
    }
    const view = {
      heading: `More like ${result.name}`,
      preview: this.#api.link(result.imageUrl),
      fetch: (params, signal) => this.#api.similar(result.id, params, signal),
    };
    this.#current = view;
    return this.#load(view, { focus: true });
  }

  /** Back to the view a result was opened from, with the focus on that result. */
  async back() {
    const view = this.#stack.pop();
    if (!view) {
      return;
    }
    this.#current.dispose?.();
    this.#current = view;
    if (view.filters === this.#filterKey()) {
      this.#request?.abort();
      this.#request = null;
      this.#elements.results.removeAttribute("aria-busy");
      this.#showError(null);
      this.#render(view);
    } else {
      await this.#load(view, { focus: false });
    }
    const opened = [...this.#elements.results.querySelectorAll(".result-button")]
      .find((button) => button.dataset.id === view.openedId);
    (opened ?? this.#elements.heading).focus();
  }

  /** The filters changed: the view on screen runs again under them. */
  refresh() {
    return this.#current ? this.#load(this.#current, { focus: false }) : Promise.resolve();
  }

  async #load(view, { append = false, focus = false } = {}) {
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    const params = { ...this.#filters(), ...(append && view.token ? { continuationToken: view.token } : {}) };
    const filters = this.#filterKey();

    this.#showError(null);
    if (!append) {
      this.#renderHeading(view);
    }
    this.#elements.summary.textContent = "Searching…";
    this.#elements.results.setAttribute("aria-busy", "true");
    if (focus) {
      this.#elements.heading.focus();
    }

    try {
      const page = await view.fetch(params, request.signal);
      if (request !== this.#request) {
        return;
      }
      view.results = append ? [...(view.results ?? []), ...page.results] : page.results;
      view.token = page.continuationToken ?? null;
      view.filters = filters;
      this.#makes.learn(page.results);
      this.#render(view, append ? page.results : null);
    } catch (error) {
      if (error?.name === "AbortError" || request !== this.#request) {
        return;
      }
      if (!append) {
        view.results = [];
        view.token = null;
        this.#elements.results.replaceChildren();
      }
      this.#elements.more.hidden = !view.token;
      this.#elements.summary.textContent = "The search did not complete.";
      this.#showError(error);
    } finally {
      if (request === this.#request) {
        this.#request = null;
        this.#elements.results.removeAttribute("aria-busy");
      }
    }
  }

  /** Shows a view; with `added`, only appends those results to what is on screen. */
  #render(view, added = null) {
    this.#renderHeading(view);
    const cards = (added ?? view.results ?? []).map((result) => createResultCard(result, {
      imageSrc: this.#api.link,
      onOpen: (opened) => this.open(opened),
    }));
    if (added) {
      this.#elements.results.append(...cards);
      cards[0]?.querySelector("button")?.focus();
    } else {
      this.#elements.results.replaceChildren(...cards);
    }
    this.#elements.more.hidden = !view.token;
    this.#elements.summary.textContent = this.#summary(view);
  }

  #renderHeading(view) {
    const { heading, preview, back } = this.#elements;
    heading.textContent = view.heading;
    preview.hidden = !view.preview;
    if (view.preview) {
      preview.src = view.preview;
    } else {
      preview.removeAttribute("src");
    }
    const previous = this.#stack.at(-1);
    back.hidden = !previous;
    back.textContent = previous ? `← Back to ${lowerFirst(previous.heading)}` : "";
  }

  #summary(view) {
    const count = view.results?.length ?? 0;
    const make = this.#makes.value;
    const filter = make ? ` with make “${make}”` : "";
    if (count === 0) {
      return `No images found${filter}.`;
    }
    const noun = count === 1 ? "image" : "images";
    return `${count} ${noun}${filter}, best first${view.token ? "; more below" : ""}.`;
  }

  #filterKey() {
    return JSON.stringify(this.#filters());
  }
}

function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
