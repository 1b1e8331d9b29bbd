// The local page: hands each chosen export to dsar-analyzer on this computer, follows its states,
// and shows the report in a sandboxed frame. Every text comes from the page's config (Dutch or
// English); every name from a file is set as text, never as HTML. Nothing here talks to any
// address but the page's own.
"use strict";

(() => {
  const config = JSON.parse(document.body.dataset.config);
  const T = config.texts;
  const $ = (selector, root = document) => root.querySelector(selector);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const jobUrl = (id, rest = "") => "api/exports/" + encodeURIComponent(id) + rest;

  // Completed steps out of four; the bar never runs ahead of what the program reported.
  const DONE_STEPS = { waiting: 1, reading: 1, analysing: 2, rendering: 3, done: 4, failed: 4 };
  const cards = new Map();
  const following = new Set();
  const versions = new Map();
  let shown = null;
  let stopped = false;  // after the stop button the page's parts are gone: late answers change nothing

  function newCard(name) {
    const card = $("#export-card").content.firstElementChild.cloneNode(true);
    $(".file", card).textContent = name;
    $("#export-list").append(card);
    $("#exports").hidden = false;
    return card;
  }

  function setUploading(card, fraction) {
    const percent = Math.floor(fraction * 100);
    $("progress", card).value = percent / 4;
    $(".state", card).textContent = fill(T.state_uploading, { percent });
  }

  // A refused file's bar goes: a full bar would look like a finished report.
  function refuse(card, kind, detail, diagnosticUrl) {
    card.dataset.state = "failed";
    $("progress", card).hidden = true;
    $(".state", card).textContent = T.state_failed;
    const box = $(".refusal", card);
    box.hidden = false;
    $(".parent-error", box).textContent = fill(T["err_" + kind] || T.err_Internal, { limit: config.limit_text });
    $(".detail", box).textContent = detail || "";
    $("details", box).hidden = !detail;
    $(".offer", box).hidden = !diagnosticUrl;
    if (diagnosticUrl) $(".diagnostic", box).href = diagnosticUrl;
  }

  function bind(card, job) {
    card.dataset.id = job.id;
    cards.set(job.id, card);
    $(".remove", card).addEventListener("click", () => removeJob(job.id));
    $(".show", card).addEventListener("click", () => show(job.id));
    const birth = $(".birth", card);
    birth.max = new Date().toISOString().slice(0, 10);
    birth.addEventListener("change", () => setBirthDate(job.id, birth.value));
  }

  function update(job) {
    const card = cards.get(job.id);
    if (!card || stopped) return;
    card.dataset.state = job.state;
    if (job.state === "failed") {
      refuse(card, job.refusal, job.detail, job.diagnostic ? jobUrl(job.id, "/diagnostic") : null);
      return;
    }
    $(".refusal", card).hidden = true;
    $("progress", card).hidden = false;
    $("progress", card).value = DONE_STEPS[job.state] * 25;
    $(".state", card).textContent = T["state_" + job.state];
    if (job.version === 0) return;
    const child = $(".child", card);
    child.hidden = false;
    $(".show", card).hidden = false;
    $(".child-name", child).textContent = fill(T.child, { name: job.child });
    const birth = $(".birth", child);
    if (document.activeElement !== birth) birth.value = job.birth_date || "";
    $(".declared", child).textContent = job.declared_text ? fill(T.birth_declared, { text: job.declared_text })
      : T.birth_none;
    // Never "filled in with the child's date" when the export holds none, nor when the parent's is used.
    $(".birth-hint", child).textContent = job.given ? T.birth_hint_given : job.declared ? T.birth_hint
      : T.birth_hint_none;
    const warnings = $(".warnings", child);
    warnings.replaceChildren(...job.warnings.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
    warnings.hidden = !job.warnings.length;
    const redone = $(".redone", card);
    redone.textContent = job.state === "done" ? job.redone.map((what) => T["redone_" + what]).join(" ") : "";
    redone.hidden = !redone.textContent;
    const changed = versions.get(job.id) !== job.version;
    versions.set(job.id, job.version);
    $("#family").hidden = document.querySelectorAll("li.export[data-state=done]").length < 2;
    if (job.state === "done" && (shown === null || (shown === job.id && changed))) show(job.id, job);
    else if (job.state === "done" && shown === "family" && changed) showFamily();
  }

  // The letters step after a child's report: what each letter asks; the erasure letter only after the
  // warning that the export the parent holds is the evidence (its SHA-256 shown) has been read.
  async function showLetters(id) {
    const section = $("#letters");
    const response = await fetch(jobUrl(id, "/letters"));
    if (shown !== id || stopped) return;  // the parent moved on to another report (or stopped) meanwhile
    if (!response.ok) {
      section.hidden = true;
      return;
    }
    const offer = await response.json();
    const list = $("#letter-list");
    list.replaceChildren();
    for (const item of offer.letters) {
      const card = $("#letter-card").content.firstElementChild.cloneNode(true);
      card.dataset.kind = item.kind;
      $(".letter-name", card).textContent = T["letter_" + item.kind];
      $(".summary", card).textContent = item.summary;
      const actions = $(".letter-actions", card);
      if (item.kind === "erasure") {
        const warning = $(".erasure-warning", card);
        warning.hidden = false;
        $(".warning-text", warning).textContent = offer.erasure_warning;
        actions.hidden = true;
        $(".confirm", warning).addEventListener("click", (event) => {
          event.target.hidden = true;
          actions.hidden = false;
        });
      }
      const url = jobUrl(id, "/letters/" + item.kind);
      $(".show-letter", card).addEventListener("click", () => showLetter(item.kind, url));
      $(".show-text", card).addEventListener("click", () => showText(card, url));
      $(".copy", card).addEventListener("click", () => navigator.clipboard.writeText($("textarea", card).value));
      list.append(card);
    }
    section.hidden = false;
  }

  function showLetter(kind, url) {
    for (const card of cards.values()) card.classList.remove("current");
    $("#viewer-title").textContent = T["letter_" + kind];
    $("#report").src = url + "?format=html&t=" + Date.now();
    $("#save-html").href = url + "?format=html&download=1";
    $("#viewer").scrollIntoView();
  }

  async function showText(card, url) {
    const response = await fetch(url + "?format=text");
    if (!response.ok) return;
    $("textarea", card).value = await response.text();
    $(".save-text", card).href = url + "?format=text&download=1";
    $(".text-box", card).hidden = false;
  }

  // The family overview compares the children whose reports are ready; its links open each report.
  function showFamily() {
    shown = "family";
    $("#letters").hidden = true;
    for (const card of cards.values()) card.classList.remove("current");
    $("#viewer-title").textContent = T.family;
    const url = "api/family?t=" + Date.now();
    $("#report").src = url;
    $("#save-html").href = url + "&download=1";
  }

  async function follow(id) {
    if (following.has(id)) return;
    following.add(id);
    try {
      for (;;) {
        const response = await fetch(jobUrl(id));
        if (!response.ok) return;
        const job = await response.json();
        update(job);
        if (job.state === "done" || job.state === "failed") return;
        await sleep(250);
      }
    } finally {
      following.delete(id);
    }
  }

  // One export's file; resolves once the program has answered (or could not be reached), so the next
  // file is sent only then.
  function upload(card, file) {
    if (file.size > config.max_upload) {
      refuse(card, "TooLarge", "");
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", "api/exports?name=" + encodeURIComponent(file.name));
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) setUploading(card, event.loaded / event.total);
      });
      request.addEventListener("load", () => {
        if (request.status === 202) {
          const job = JSON.parse(request.responseText);
          bind(card, job);
          update(job);
          follow(job.id);
        } else {
          refuse(card, request.status === 413 ? "TooLarge" : "Gone", request.status === 413 ? "" : "HTTP " + request.status);
        }
      });
      request.addEventListener("error", () => refuse(card, "Gone", ""));
      request.addEventListener("loadend", () => resolve());
      setUploading(card, 0);
      request.send(file);
    });
  }

  // An unzipped export: its files go one by one into one job, which is then read as one export.
  async function uploadTogether(card, items) {
    const total = items.reduce((sum, item) => sum + item.file.size, 0);
    if (total > config.max_upload) {
      refuse(card, "TooLarge", "");
      return;
    }
    setUploading(card, 0);
    let job = null;
    try {
      const made = await fetch("api/exports?folder=1&name=" + encodeURIComponent(name), { method: "POST" });
      if (made.status !== 201) throw new Error("HTTP " + made.status);
      job = await made.json();
      let sent = 0;
      for (const item of items) {
        const status = await send(jobUrl(job.id, "/files?path=" + encodeURIComponent(item.path)), item.file,
          (loaded) => setUploading(card, total ? (sent + loaded) / total : 1));
        if (status === 413) {
          refuse(card, "TooLarge", "");
          return;
        }
        if (status !== 204) throw new Error("HTTP " + status);
        sent += item.file.size;
      }
      const read = await fetch(jobUrl(job.id, "/read"), { method: "POST" });
      if (read.status !== 202) throw new Error("HTTP " + read.status);
      job = await read.json();
    } catch (error) {
      if (job) fetch(jobUrl(job.id), { method: "DELETE" }).catch(() => null);
      refuse(card, "Gone", String(error.message || ""));
      return;
    }
    bind(card, job);
    update(job);
    follow(job.id);
  }

  // One file's body, with its upload progress; resolves to the HTTP status (0 when the page is gone).
  function send(url, file, progress) {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", url);
      request.upload.addEventListener("progress", (event) => progress(event.loaded));
      request.addEventListener("load", () => resolve(request.status));
      request.addEventListener("error", () => resolve(0));
      request.send(file);
    });
  }

  async function show(id, known) {
    const job = known || (await (await fetch(jobUrl(id))).json());
    if (!job || job.version === 0 || stopped) return;
    shown = id;
    for (const [key, card] of cards) card.classList.toggle("current", key === id);
    const viewer = $("#viewer");
    viewer.hidden = false;
    $("#viewer-title").textContent = T.report_title + ": " + job.child;
    const url = jobUrl(id, "/report?v=" + job.version);
    $("#report").src = url;
    $("#save-html").href = url + "&download=1";
    showLetters(id);
  }

  async function setBirthDate(id, value) {
    await fetch(jobUrl(id, "/birth-date"), {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ birth_date: value || null }),
    });
    follow(id);
  }

  async function removeJob(id) {
    await fetch(jobUrl(id), { method: "DELETE" });
    cards.get(id)?.remove();
    cards.delete(id);
    $("#family").hidden = document.querySelectorAll("li.export[data-state=done]").length < 2;
    if (shown === id || shown === "family") {
      shown = null;
      $("#viewer").hidden = true;
      $("#letters").hidden = true;
      $("#report").removeAttribute("src");
    }
    if (!cards.size && !$("#export-list").children.length) $("#exports").hidden = true;
  }

  async function sendSettings(settings, withError = false) {
    const response = await fetch("api/settings", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(settings),
    });
    if (!response.ok) return withError ? response.json().catch(() => ({ error: "key_short" })) : null;
    for (const id of cards.keys()) follow(id);
    return response.json();
  }

  function chooseMode(mode) {
    $("#claim-key").hidden = mode !== "claim";
    $("#key-error").hidden = true;
    if (mode !== "claim") sendSettings({ mode });
  }

  async function useKey() {
    const key = $("#case-key").value.trim();
    let error = "key_short";
    if (new TextEncoder().encode(key).length >= 32) {
      const answer = await sendSettings({ mode: "claim", case_key: key }, true);
      error = answer.error || null;
    }
    $("#key-error").textContent = error ? T[error] || T.key_short : "";
    $("#key-error").hidden = !error;
  }

  async function stop() {
    stopped = true;
    await fetch("api/shutdown", { method: "POST" }).catch(() => null);
    const main = $("main");
    main.replaceChildren();
    const note = document.createElement("p");
    note.className = "intro";
    note.textContent = T.stopped;
    main.append(note);
    $("#stop").disabled = true;
  }

  // Exports already handed over (before a language switch) are listed first, so none shows twice.
  let ready = null;
  // The program lists the exports in the order it received them (after a change of language too), and
  // files sent at the same time may reach it in either order: so they are sent one after another, in
  // the order the parent chose them, each after the program has answered for the one before.
  let sending = Promise.resolve();

  // What the parent chose or dropped, as {file, path, folder}: each ZIP is an export of its own; the
  // other files of one folder, or TXT and JSON files chosen together, are one unzipped export, placed
  // where its first file was chosen. Every card shows at once, in that order, and waits for its turn.
  function take(items) {
    const isZip = (item) => /\.zip$/i.test(item.file.name);
    const groups = new Map();
    for (const item of items) {
      if (isZip(item)) continue;
      const key = item.folder || "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(item);
    }
    const together = new Set();
    for (const [folder, group] of groups) {
      const exportLike = group.some((item) => /\.(txt|json)$/i.test(item.file.name));
      if (folder || (group.length > 1 && exportLike)) together.add(folder);
    }
    const exports = [];
    for (const item of items) {
      const folder = item.folder || "";
      if (isZip(item) || !together.has(folder)) exports.push({ name: item.file.name, items: [item] });
      else if (groups.get(folder)[0] === item) {
        const group = groups.get(folder);
        exports.push({ name: folder || fill(T.files_together, { count: group.length }), items: group, together: true });
      }
    }
    ready.then(() => {
      for (const one of exports) {
        const card = newCard(one.name);
        $(".state", card).textContent = T.state_queued;
        const send = () => {
          if (stopped) return null;
          return one.together ? uploadTogether(card, one.items) : upload(card, one.items[0].file);
        };
        // A file that could not be sent is refused on its own card; the ones after it still go.
        sending = sending.then(send).catch((error) => refuse(card, "Gone", String(error && error.message || "")));
      }
    });
  }

  // A file from a folder input carries its path below the chosen folder.
  function chosen(files) {
    return Array.from(files).map((file) => {
      const parts = (file.webkitRelativePath || "").split("/");
      return parts.length > 1 ? { file, folder: parts[0], path: parts.slice(1).join("/") }
        : { file, folder: "", path: file.name };
    });
  }

  // A dropped folder is walked (the browser hands over entries, not its files).
  function entryFile(entry) {
    return new Promise((resolve, reject) => entry.file(resolve, reject));
  }

  async function walk(directory, prefix, into) {
    const reader = directory.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) return;
      for (const entry of batch) {
        const path = prefix + entry.name;
        if (entry.isDirectory) await walk(entry, path + "/", into);
        else into.push({ file: await entryFile(entry), path });
      }
    }
  }

  async function dropped(entries, files) {
    if (!entries.length) return take(chosen(files));
    const items = [];
    for (const entry of entries) {
      if (entry.isDirectory) {
        const inside = [];
        await walk(entry, "", inside);
        items.push(...inside.map((item) => ({ ...item, folder: entry.name })));
      } else {
        const file = await entryFile(entry);
        items.push({ file, folder: "", path: file.name });
      }
    }
    take(items);
  }

  async function start() {
    const settings = await sendSettings({ lang: config.lang });
    if (settings) {
      const radio = $(`input[name="mode"][value="${settings.mode}"]`);
      if (radio) radio.checked = true;
      $("#claim-key").hidden = settings.mode !== "claim";
    }
    const response = await fetch("api/exports");
    for (const job of response.ok ? await response.json() : []) {
      bind(newCard(job.name), job);
      update(job);
      follow(job.id);
    }
  }

  for (const input of [$("#files"), $("#folder")]) {
    input.addEventListener("change", () => {
      take(chosen(input.files));
      input.value = "";
    });
  }
  const drop = $("#drop");
  // Files dropped anywhere else must not make the browser open them in place of the page.
  for (const name of ["dragover", "drop"]) window.addEventListener(name, (event) => event.preventDefault());
  drop.addEventListener("dragover", () => drop.classList.add("over"));
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    drop.classList.remove("over");
    // The entries must be taken while the event lasts; their files are read afterwards.
    const items = Array.from(event.dataTransfer.items || []);
    const entries = items.map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    dropped(entries, event.dataTransfer.files);
  });
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener("change", () => chooseMode(radio.value));
  }
  // The key never leaves as a form submission: the page sends it to its own API only.
  $("#claim-key").addEventListener("submit", (event) => {
    event.preventDefault();
    useKey();
  });
  $("#print").addEventListener("click", () => $("#report").contentWindow.print());
  $("#family").addEventListener("click", showFamily);
  $("#stop").addEventListener("click", stop);
  ready = start();
})();
