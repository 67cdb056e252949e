// The profile form, smoother: rows added and removed in place, suggestions while typing.
// Without this file the same buttons submit the form and the server redraws it.
(() => {
  const form = document.querySelector("form[data-profile-form]");
  if (!form) return;
  const MAX_ROWS = 100;

  const rowsOf = (section) => section.querySelectorAll(":scope > [data-rows] > [data-row]");

  // Rows are numbered 0..n-1 in field names, 1..n in what people read.
  function renumber(section) {
    const name = section.dataset.section;
    const pattern = new RegExp(`^${name}-(\\d+|__index__)-`);
    const rows = rowsOf(section);
    rows.forEach((row, i) => {
      const prefix = `${name}-${i}-`;
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((el) => {
        for (const attr of ["name", "id", "for"]) {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(pattern, prefix));
        }
        const described = el.getAttribute("aria-describedby");
        if (described) {
          el.setAttribute(
            "aria-describedby",
            described.split(" ").map((id) => id.replace(pattern, prefix)).join(" "),
          );
        }
      });
      row.querySelectorAll("[data-remove]").forEach((button) => {
        button.value = `remove:${name}:${i}`;
      });
      row.querySelectorAll("[data-row-name]").forEach((el) => {
        el.textContent = section.dataset.rowLabel.replace("{n}", String(i + 1));
      });
    });
    const empty = section.querySelector("[data-empty]");
    if (empty) empty.hidden = rows.length > 0;
  }

  function addRow(section) {
    const template = section.querySelector("template[data-template]");
    const row = template.content.firstElementChild.cloneNode(true);
    section.querySelector("[data-rows]").append(row);
    renumber(section);
    row.querySelectorAll("input[data-suggest]").forEach(suggestOn);
    const first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }

  function removeRow(button) {
    const section = button.closest("[data-section]");
    button.closest("[data-row]").remove();
    renumber(section);
    section.querySelector("[data-add]").focus();
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-add]")) {
      const section = button.closest("[data-section]");
      if (rowsOf(section).length >= MAX_ROWS) return; // the server says why
      event.preventDefault();
      addRow(section);
    } else if (button.matches("[data-remove]")) {
      event.preventDefault();
      removeRow(button);
    }
  });

  // Suggestions from the bilingual taxonomy, in a native (accessible) datalist.
  const url = form.dataset.suggestUrl;
  const lang = document.documentElement.lang || "en";
  let lists = 0;

  function suggestOn(input) {
    if (!url || input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    const list = document.createElement("datalist");
    lists += 1;
    list.id = `suggestions-${lists}`;
    input.after(list);
    input.setAttribute("list", list.id);
    let timer;
    let controller;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) {
        list.replaceChildren();
        return;
      }
      timer = setTimeout(async () => {
        if (controller) controller.abort();
        controller = new AbortController();
        const params = new URLSearchParams({ kind: input.dataset.suggest, q, lang });
        try {
          const response = await fetch(`${url}?${params}`, {
            signal: controller.signal,
            headers: { Accept: "application/json" },
          });
          if (!response.ok) return;
          const data = await response.json();
          list.replaceChildren(
            ...data.suggestions.map((s) => {
              const option = document.createElement("option");
              option.value = s.label;
              return option;
            }),
          );
        } catch (error) {
          // Aborted by the next keystroke, or offline: typing works as before.
        }
      }, 150);
    });
  }

  form.querySelectorAll("input[data-suggest]").forEach(suggestOn);
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
