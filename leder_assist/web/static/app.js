// leder-assist workspace: progress, auto-save and text selection. No build step, no libraries.
"use strict";

const csrf = () => document.querySelector("main").dataset.csrf;

// ---- processing progress: poll the status until the case is ready, then reload
function watchProgress(box) {
  const bar = document.getElementById("progress");
  const stage = document.getElementById("stage");
  const tick = async () => {
    try {
      const r = await fetch(box.dataset.statusUrl, {headers: {Accept: "application/json"}});
      const s = await r.json();
      bar.value = s.progress;
      bar.textContent = Math.round(s.progress * 100) + "%";
      stage.textContent = s.stage;
      if (s.status === "ready" || s.status === "failed") { location.reload(); return; }
    } catch (e) { /* try again */ }
    setTimeout(tick, 700);
  };
  setTimeout(tick, 500);
}

// ---- auto-save: every pause in typing saves the box; saves of one box never overtake each other
function autosave(area) {
  const state = document.getElementById(area.id + "-state");
  let timer = null, busy = false, dirty = false, seq = 0;
  const save = async () => {
    if (busy) { dirty = true; return; }
    busy = true; dirty = false;
    const body = new FormData();
    body.append("text", area.value);
    body.append("seq", String(++seq));
    state.textContent = "Saving…";
    try {
      const r = await fetch(area.dataset.url, {method: "POST", body,
        headers: {"X-CSRF-Token": csrf(), Accept: "application/json"}});
      if (!r.ok) throw new Error((await r.json()).error || r.status);
      state.textContent = "Saved at " + new Date().toLocaleTimeString("en-GB") + ".";
      area.dataset.saved = String(seq);
    } catch (e) {
      state.textContent = "Not saved yet (" + e.message + "). Trying again in a few seconds.";
      dirty = true;
      setTimeout(save, 3000);
    } finally {
      busy = false;
      if (dirty) save();
    }
  };
  area.addEventListener("input", () => {
    state.textContent = "Typing…";
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  });
  area.addEventListener("blur", () => { if (timer) { clearTimeout(timer); timer = null; save(); } });
  // "Save now" saves in place instead of reloading the page
  area.form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); save(); });
}

// ---- redaction check: turn a selection in the document into character offsets
function selectionOffsets(pre) {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!pre.contains(range.startContainer) || !pre.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(pre);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return {start, end: start + range.toString().length, text: range.toString()};
}

function watchSelection(pre) {
  const info = document.getElementById("sel-info");
  const update = () => {
    const o = selectionOffsets(pre);
    if (!o) return;
    document.getElementById("sel-start").value = o.start;
    document.getElementById("sel-end").value = o.end;
    info.textContent = "Selected " + o.text.length + " character(s). Choose what it is and press Redact.";
  };
  document.addEventListener("selectionchange", update);
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("progress-box");
  if (box) watchProgress(box);
  document.querySelectorAll("textarea.autosave:not([readonly])").forEach(autosave);
  const pre = document.getElementById("doctext");
  if (pre) watchSelection(pre);
  const q = document.getElementById("quote");
  if (q) q.scrollIntoView({block: "center"});
});
