// Wires the page: where the API is, the searches, the filters and toggles, the error area and the status panel.

import { ApiError, createApi } from "./api.js";
import { MakeFilter } from "./make-filter.js";
import { watchPhotoInput } from "./photo-input.js";
import { filterValue } from "./search-query.js";
import { SearchSession } from "./search-session.js";
import { startStatusPanel } from "./status-panel.js";

const byId = (id) => document.getElementById(id);

// The server names the API's base (it knows the path base the app runs under); the function key, if any, comes
// from the page's own address, and stays on it as the page's address follows the searches.
const code = new URLSearchParams(location.search).get("code");
const api = createApi({
  baseUrl: new URL(document.querySelector('meta[name="carsearch-api"]')?.content || "/api/", document.baseURI),
  code,
});

const errorBox = byId("error");

/** Shows an error as sentences (never the raw answer); null clears it. */
function showError(error) {
  if (!error) {
    errorBox.hidden = true;
    errorBox.replaceChildren();
    return;
  }
  const known = error instanceof ApiError
    ? error
    : new ApiError("Something went wrong", "The page hit an unexpected problem. Reload it and try again.", 0);
  const title = document.createElement("strong");
  title.textContent = known.title;
  errorBox.replaceChildren(title, known.detail ? ` ${known.detail}` : "");
  errorBox.hidden = false;
  if (!(error instanceof ApiError)) {
    console.error(error);
  }
}

const topSelect = byId("top");
const query = byId("query");
const closeOnly = byId("close-only");
const closeOnlyHint = byId("close-only-hint");
const collapse = byId("collapse");

const makes = new MakeFilter(byId("filters"), byId("make"), byId("makes"), (make) => session.filter("make", make));
const session = new SearchSession(
  {
    heading: byId("results-heading"),
    summary: byId("results-summary"),
    preview: byId("query-preview"),
    results: byId("results"),
    back: byId("back"),
    more: byId("more"),
    chips: byId("query-terms"),
    facets: byId("facets"),
    facetGroups: byId("facet-groups"),
  },
  api,
  {
    code,
    settings: () => ({ top: topSelect.value }),
    showError,
    // The controls show the search on screen, wherever it came from (a typed search, a link, Back).
    onQuery: (shown) => {
      const text = shown.terms.length === 1 && shown.terms[0].kind === "text" ? shown.terms[0].value : null;
      if (text !== null || shown.terms.length > 0) {
        query.value = text ?? "";
      }
      makes.value = filterValue(shown, "make");
      closeOnly.checked = shown.minScore !== null;
      closeOnlyHint.textContent = shown.minScore !== null ? `(score ${shown.minScore} or more)` : "";
      collapse.checked = shown.collapse;
    },
    onResults: (results) => makes.learn(results),
  },
);
topSelect.addEventListener("change", () => session.refresh());

byId("text-search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = query.value.trim();
  if (!q) {
    showError(new ApiError("Nothing to search for", "Type a few words describing the car.", 0));
    query.focus();
    return;
  }
  session.searchText(q);
});

// "Only close matches": the cut-off the API suggests for this model and collection (GET /api/stats/scores), asked for
// each time it is turned on, so it follows the collection; the address keeps the number used.
closeOnly.addEventListener("change", async () => {
  if (!closeOnly.checked) {
    await session.refine({ ...session.query, minScore: null });
    return;
  }
  closeOnly.disabled = true;
  try {
    const stats = await api.scoreStats();
    if (!Number.isFinite(stats?.suggestedMinScore)) {
      throw new ApiError("No cut-off to apply", "The app did not suggest a minimum score. Try again once images are indexed.", 0);
    }
    await session.refine({ ...session.query, minScore: String(stats.suggestedMinScore) });
  } catch (error) {
    closeOnly.checked = false;
    showError(error);
  } finally {
    closeOnly.disabled = false;
  }
});
collapse.addEventListener("change", () => session.refine({ ...session.query, collapse: collapse.checked }));

watchPhotoInput(
  { button: byId("choose-photo"), input: byId("photo"), dropZone: byId("drop-zone") },
  {
    onPhoto: (file) => session.searchPhoto(file),
    onProblem: (title, detail) => showError(new ApiError(title, detail, 0)),
  },
);

session.restore();

startStatusPanel(
  {
    indexed: byId("status-indexed"),
    failed: byId("status-failed"),
    pending: byId("status-pending"),
    reindex: byId("status-reindex"),
    note: byId("status-note"),
    noFailures: byId("no-failures"),
    failures: byId("failures"),
    refresh: byId("refresh-status"),
  },
  api,
);
