// Small enhancements only: every action works without this file.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select.js-autosubmit") && el.form) el.form.requestSubmit();
});

document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
