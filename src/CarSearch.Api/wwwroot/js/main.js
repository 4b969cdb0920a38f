// Wires the page: where the API is, the three searches, the filters, the error area and the status panel.

import { ApiError, createApi } from "./api.js";
import { MakeFilter } from "./make-filter.js";
import { watchPhotoInput } from "./photo-input.js";
import { SearchSession } from "./search-session.js";
import { startStatusPanel } from "./status-panel.js";

const byId = (id) => document.getElementById(id);

// The server names the API's base (it knows the path base the app runs under); the function key, if any, comes
// from the page's own address.
const api = createApi({
  baseUrl: new URL(document.querySelector('meta[name="carsearch-api"]')?.content || "/api/", document.baseURI),
  code: new URLSearchParams(location.search).get("code"),
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
const makes = new MakeFilter(byId("filters"), byId("make"), byId("makes"), () => session.refresh());
const session = new SearchSession(
  {
    heading: byId("results-heading"),
    summary: byId("results-summary"),
    preview: byId("query-preview"),
    results: byId("results"),
    back: byId("back"),
    more: byId("more"),
  },
  api,
  { params: () => ({ top: topSelect.value, make: makes.value }), makes },
  showError,
);
topSelect.addEventListener("change", () => session.refresh());

const query = byId("query");
byId("text-search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = query.value.trim();
  if (!q) {
    showError(new ApiError("Nothing to search for", "Type a few words describing the car.", 0));
    query.focus();
    return;
  }
  session.start({
    heading: `Results for “${q}”`,
    fetch: (params, signal) => api.searchText(q, params, signal),
  });
});

watchPhotoInput(
  { button: byId("choose-photo"), input: byId("photo"), dropZone: byId("drop-zone") },
  {
    onPhoto: (file) => {
      const preview = URL.createObjectURL(file);
      session.start({
        heading: file.name ? `Closest to your photo (${file.name})` : "Closest to your photo",
        preview,
        dispose: () => URL.revokeObjectURL(preview),
        fetch: (params, signal) => api.searchImage(file, params, signal),
      });
    },
    onProblem: (title, detail) => showError(new ApiError(title, detail, 0)),
  },
);

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
