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

  function refuse(card, kind, detail, diagnosticUrl) {
    card.dataset.state = "failed";
    $("progress", card).value = 100;
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
    if (!card) return;
    card.dataset.state = job.state;
    if (job.state === "failed") {
      refuse(card, job.refusal, job.detail, job.diagnostic ? jobUrl(job.id, "/diagnostic") : null);
      return;
    }
    $(".refusal", card).hidden = true;
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
    const changed = versions.get(job.id) !== job.version;
    versions.set(job.id, job.version);
    $("#family").hidden = document.querySelectorAll("li.export[data-state=done]").length < 2;
    if (job.state === "done" && (shown === null || (shown === job.id && changed))) show(job.id, job);
    else if (job.state === "done" && shown === "family" && changed) showFamily();
  }

  // The family overview compares the children whose reports are ready; its links open each report.
  function showFamily() {
    shown = "family";
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

  function upload(file) {
    const card = newCard(file.name);
    if (file.size > config.max_upload) {
      refuse(card, "TooLarge", "");
      return;
    }
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
    setUploading(card, 0);
    request.send(file);
  }

  async function show(id, known) {
    const job = known || (await (await fetch(jobUrl(id))).json());
    if (!job || job.version === 0) return;
    shown = id;
    for (const [key, card] of cards) card.classList.toggle("current", key === id);
    const viewer = $("#viewer");
    viewer.hidden = false;
    $("#viewer-title").textContent = T.report_title + ": " + job.child;
    const url = jobUrl(id, "/report?v=" + job.version);
    $("#report").src = url;
    $("#save-html").href = url + "&download=1";
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
      $("#report").removeAttribute("src");
    }
    if (!cards.size && !$("#export-list").children.length) $("#exports").hidden = true;
  }

  async function sendSettings(settings) {
    const response = await fetch("api/settings", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(settings),
    });
    if (!response.ok) return null;
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
    const ok = new TextEncoder().encode(key).length >= 32 && (await sendSettings({ mode: "claim", case_key: key }));
    $("#key-error").hidden = Boolean(ok);
  }

  async function stop() {
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

  function take(files) {
    const chosen = Array.from(files);
    ready.then(() => chosen.forEach(upload));
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

  const input = $("#files");
  input.addEventListener("change", () => {
    take(input.files);
    input.value = "";
  });
  const drop = $("#drop");
  // Files dropped anywhere else must not make the browser open them in place of the page.
  for (const name of ["dragover", "drop"]) window.addEventListener(name, (event) => event.preventDefault());
  drop.addEventListener("dragover", () => drop.classList.add("over"));
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    drop.classList.remove("over");
    take(event.dataTransfer.files);
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
