// Bulk profile import with a real progress bar, and copying invitation links.
// Everything works without this file: the form then posts every file at once.
(() => {
  "use strict";

  const fill = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (whole, key) => (key in values ? String(values[key]) : whole));

  function postForm(url, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then((response) =>
      response
        .json()
        .catch(() => ({}))
        .then((body) => ({ status: response.status, body })),
    );
  }

  // XMLHttpRequest rather than fetch: only it reports upload progress.
  function upload(url, data, onProgress) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      });
      xhr.addEventListener("load", () => {
        let body = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch (error) {
          body = {};
        }
        resolve({ status: xhr.status, body });
      });
      xhr.addEventListener("error", () => resolve({ status: 0, body: {} }));
      xhr.send(data);
    });
  }

  function setUpImport(form) {
    const input = form.querySelector('input[type="file"]');
    const status = form.querySelector("[data-import-status]");
    const box = form.querySelector("[data-import-progress]");
    const bar = box.querySelector("progress");
    const results = box.querySelector("[data-import-results]");
    const submit = form.querySelector('[type="submit"]');
    const messages = JSON.parse(form.querySelector("[data-import-messages]").textContent);
    const maxBytes = Number(form.dataset.maxBytes) || 0;
    const maxMb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
    let running = false;

    const say = (text) => {
      status.textContent = text;
    };
    const note = (text, kind) => {
      const item = document.createElement("li");
      item.textContent = text;
      if (kind) item.className = "status-" + kind;
      results.append(item);
    };
    const csrf = () => {
      const data = new FormData();
      const token = form.querySelector('input[name="csrf_token"]');
      if (token) data.append("csrf_token", token.value);
      return data;
    };

    async function sendFile(batch, file, index, total, unsent) {
      say(fill(messages.sending, { name: file.name, current: index + 1, total }));
      if (maxBytes && file.size > maxBytes) {
        unsent.push(file.name);
        note(fill(messages.tooLarge, { name: file.name, mb: maxMb }), "error");
        return;
      }
      const data = csrf();
      data.append("file", file, file.name);
      const answer = await upload(batch.files_url, data, (part) => {
        bar.value = index + part;
      });
      const files = answer.body.files || [];
      if (answer.status === 413 || (answer.status !== 200 && answer.status !== 422) || !files.length) {
        unsent.push(file.name);
        const text = answer.status === 413 ? messages.tooLarge : messages.notSent;
        note(fill(text, { name: file.name, mb: maxMb }), "error");
        return;
      }
      for (const outcome of files) {
        const why = outcome.error || outcome.reason;
        const result = why ? outcome.label + " — " + why : outcome.label;
        note(fill(messages.fileDone, { name: outcome.path, result }), outcome.status);
      }
      say(fill(messages.fileDone, { name: file.name, result: files.map((f) => f.label).join(", ") }));
    }

    async function run(files, consented) {
      submit.disabled = true;
      input.disabled = true;
      box.hidden = false;
      results.replaceChildren();
      bar.max = files.length;
      bar.value = 0;
      say(messages.starting);
      const data = csrf();
      data.append("consented", consented);
      const started = await postForm(form.dataset.startUrl, data);
      if (started.status !== 201) throw new Error("start");
      const batch = started.body;
      const unsent = [];
      for (const [index, file] of files.entries()) {
        await sendFile(batch, file, index, files.length, unsent);
        bar.value = index + 1;
      }
      say(messages.finishing);
      const finished = await postForm(batch.finish_url, csrf());
      if (finished.status !== 200) throw new Error("finish");
      if (!unsent.length) {
        window.location.assign(batch.summary_url);
        return;
      }
      say(messages.unsent + " " + (finished.body.message || ""));
      const link = document.createElement("a");
      link.href = batch.summary_url;
      link.className = "button primary";
      link.textContent = messages.summary;
      box.append(link);
    }

    form.addEventListener("submit", (event) => {
      const consent = form.querySelector('input[name="consented"]:checked');
      // Nothing chosen or no answer: the server's page explains what is missing.
      if (!input.files.length || !consent || !window.fetch || !window.FormData) return;
      event.preventDefault();
      if (running) return;
      running = true;
      run(Array.from(input.files), consent.value).catch(() => {
        say(messages.failed);
        submit.disabled = false;
        input.disabled = false;
        running = false;
      });
    });
  }

  function setUpCopy(button) {
    const target = document.getElementById(button.dataset.copyTarget);
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(target.value).then(() => {
        button.textContent = button.dataset.copied;
      });
    });
  }

  document.querySelectorAll("[data-import-form]").forEach(setUpImport);
  document.querySelectorAll("[data-copy-target]").forEach(setUpCopy);
})();
