// The ranked list: a "select all" box, a count of the selection, and the bulk bar showing
// only the fields the chosen action needs. Without JavaScript every field is there.
document.querySelectorAll(".bulk-form").forEach((form) => {
  const boxes = () => Array.from(form.querySelectorAll('input[name="candidate_ids"]'));
  const count = form.querySelector(".js-bulk-count");
  const header = form.querySelector("thead th");
  if (header && boxes().length) {
    const all = document.createElement("input");
    all.type = "checkbox";
    all.setAttribute("aria-label", header.textContent.trim());
    header.textContent = "";
    header.appendChild(all);
    all.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = all.checked; });
      update();
    });
  }
  const action = form.querySelector('select[name="action"]');
  const wrap = (name) => form.querySelector(`[name="${name}"]`)?.closest(".field");
  function update() {
    const picked = boxes().filter((box) => box.checked).length;
    if (count) count.textContent = picked ? count.dataset.some.replace("{num}", picked) : count.dataset.none;
    if (action) {
      const value = action.value;
      const stage = wrap("stage"), reason = wrap("reason"), detail = wrap("detail");
      if (stage) stage.hidden = value !== "move";
      if (reason) reason.hidden = value !== "not_a_fit";
      if (detail) detail.hidden = value !== "not_a_fit";
    }
  }
  form.addEventListener("change", update);
  update();
});
