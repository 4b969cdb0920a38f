// The make filter: a text input (any make can be typed, as the API filters on exact values) whose suggestions are
// the makes seen in results so far, since the API has no list of makes and the ingest status names none.

const MakeField = "make";

export class MakeFilter {
  #input;
  #suggestions;
  #seen = new Set();
  #applied;

  /**
   * @param {HTMLFormElement} form the filters form (Enter in the input submits it)
   * @param {HTMLInputElement} input
   * @param {HTMLDataListElement} suggestions
   * @param {(make: string) => void} onChange called with the make typed when it differs from the one in force
   */
  constructor(form, input, suggestions, onChange) {
    this.#input = input;
    this.#suggestions = suggestions;
    this.#applied = this.value;
    const apply = () => {
      if (this.value !== this.#applied) {
        this.#applied = this.value;
        onChange(this.value);
      }
    };
    input.addEventListener("change", apply);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      apply();
    });
  }

  /** The make to filter on, or "" for any. */
  get value() {
    return this.#input.value.trim();
  }

  /** Shows the make in force (the page's address may set it); setting it searches nothing. */
  set value(make) {
    this.#input.value = make;
    this.#applied = make.trim();
  }

  /** Remembers the makes of these results as suggestions. */
  learn(results) {
    let added = false;
    for (const result of results) {
      const make = makeOf(result.metadata);
      if (make && !this.#seen.has(make)) {
        this.#seen.add(make);
        added = true;
      }
    }
    if (added) {
      this.#suggestions.replaceChildren(...[...this.#seen].sort((a, b) => a.localeCompare(b)).map((make) => {
        const option = document.createElement("option");
        option.value = make;
        return option;
      }));
    }
  }
}

/** Metadata names ignore case, as blob metadata does. */
function makeOf(metadata) {
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key.toLowerCase() === MakeField && value) {
      return value;
    }
  }
  return "";
}
