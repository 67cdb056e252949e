// Copy the shortlist's link in one click; without JavaScript the field is there to select.
document.querySelectorAll(".js-copy-link").forEach((button) => {
  const field = document.getElementById(button.dataset.target);
  const status = document.querySelector(".js-copy-status");
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      field.select();
    }
  });
});

document.querySelectorAll(".js-select-all").forEach((field) => {
  field.addEventListener("focus", () => field.select());
});
