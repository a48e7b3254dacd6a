// Nothing typed is lost: a warning before leaving a changed form, drafts of long
// texts kept in this browser until they are saved, and submit buttons that
// cannot send a form twice. Loaded from base.html before app.js (a draft is put
// back into a list field before app.js turns it into its list editor); no inline
// script, as the content security policy wants. Its words come from the
// data-* attributes of its own <script> tag.
//
// Which forms: every form that posts (method="post"). A GET form (filters,
// search, the funnel calculator) never warns and keeps no draft.
// data-leave-warning="off" on a form leaves it out of the warning.
//
// Leave warning: a `beforeunload` prompt when a posting form is changed, except
// for the form being sent. A field is changed when its value differs
// both from what it held when the user first came into the form and from what
// the page last saved (its default value, which budget.js moves on each
// autosave); the form then carries data-changed. A form that came back with
// errors or an edit conflict holds unsaved input too (except one with a
// password field: a failed log-in keeps nothing worth a warning).
//
// Drafts: on by default for every textarea of three rows or more in a posting
// form (Django's default is ten), opt-in on a smaller one with data-draft,
// opt-out with data-draft="off". Each is kept in localStorage under
// "draft:<page path>:<the form's edit version, or new>:<field name>" (the page
// path followed by ">" and the form's action when the form posts elsewhere)
// while its text differs from the saved one. Back on the page, a draft is put
// into its field if the field still holds the saved text, with the note
// "Restored your unsaved draft" and a button that discards it. A draft is removed when its
// form is sent and the page that answers shows no error (on that next page for
// an ordinary submit, from the response for an htmx one), and after 30 days.
//
// Submit buttons: a posting form's submit buttons are disabled once it is sent
// (a moment later, so the button pressed still sends its name and value) and a
// second submit of it is refused; they are enabled again when the page comes
// back from the back/forward cache, or when an htmx request ends.
(function () {
  "use strict";

  const script = document.currentScript;
  const words = {
    restored: (script && script.dataset.restored) || "Restored your unsaved draft",
    discard: (script && script.dataset.discard) || "Discard the draft",
  };
  const PREFIX = "draft:";
  const SENT = "drafts-sent"; // sessionStorage: the draft keys of the form just sent
  const KEEP_DAYS = 30;
  const ERRORS = "[aria-invalid='true'], [data-error-summary], .edit-conflict";

  const storage = (kind) => {
    try {
      const store = window[kind];
      store.getItem(PREFIX);
      return store;
    } catch (error) {
      return null; // storage off (private mode, policy): warnings and buttons still work
    }
  };
  const local = storage("localStorage");
  const session = storage("sessionStorage");

  // Forms and their fields

  const posts = (form) => form instanceof HTMLFormElement && form.method === "post";
  const watched = (form) => posts(form) && form.dataset.leaveWarning !== "off";

  function fields(form) {
    return [...form.elements].filter(
      (field) => field.name && !field.disabled && !["hidden", "submit", "button", "reset", "file", "image"].includes(field.type),
    );
  }

  function valueOf(field) {
    if (field.type === "checkbox" || field.type === "radio") return String(field.checked);
    if (field.options) return [...field.options].map((option) => option.selected).join();
    return field.value;
  }

  function savedOf(field) {
    if (field.type === "checkbox" || field.type === "radio") return String(field.defaultChecked);
    if (field.options) return [...field.options].map((option) => option.defaultSelected).join();
    return field.defaultValue;
  }

  // What each field held when the user first came into its form.
  const baselines = new WeakMap();

  function touch(form) {
    if (!watched(form) || baselines.has(form)) return;
    baselines.set(form, new Map(fields(form).map((field) => [field, valueOf(field)])));
  }

  function rebase(form) {
    baselines.delete(form);
    touch(form);
    delete form.dataset.changed;
  }

  function fieldChanged(form, field) {
    const baseline = baselines.get(form);
    if (!baseline) return false;
    const value = valueOf(field);
    return value !== savedOf(field) && (!baseline.has(field) || value !== baseline.get(field));
  }

  function hasErrors(form) {
    return Boolean(form.querySelector(ERRORS)) && !form.querySelector("input[type=password]");
  }

  function changed(form) {
    if (!watched(form) || !form.isConnected) return false;
    return hasErrors(form) || fields(form).some((field) => fieldChanged(form, field));
  }

  function mark(form) {
    if (!watched(form)) return;
    if (fields(form).some((field) => fieldChanged(form, field))) {
      form.dataset.changed = "true";
    } else {
      delete form.dataset.changed;
    }
  }

  document.addEventListener("focusin", (event) => {
    if (event.target.form) touch(event.target.form);
  });
  document.addEventListener("pointerdown", (event) => {
    const form = event.target.closest && event.target.closest("form");
    if (form) touch(form);
  });

  // Drafts

  function draftable(field) {
    if (!(field instanceof HTMLTextAreaElement) || !field.name || !posts(field.form)) return false;
    const choice = field.dataset.draft;
    if (choice === "off") return false;
    return choice !== undefined || field.rows >= 3;
  }

  function keyOf(field) {
    const form = field.form;
    const version = form.querySelector("input[name$='edit_version']");
    // A form that posts elsewhere than its page (one of several on it) adds its action.
    const page = window.location.pathname;
    const action = new URL(form.getAttribute("action") || page, window.location.href).pathname;
    const where = action === page ? page : `${page}>${action}`;
    return `${PREFIX}${where}:${(version && version.value) || "new"}:${field.name}`;
  }

  function readDraft(key) {
    if (!local) return null;
    try {
      const draft = JSON.parse(local.getItem(key));
      return draft && typeof draft.text === "string" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function keepDraft(field) {
    if (!local || !draftable(field)) return;
    const key = keyOf(field);
    try {
      if (field.value === field.defaultValue) {
        local.removeItem(key);
      } else {
        local.setItem(key, JSON.stringify({ text: field.value, at: Date.now() }));
      }
    } catch (error) {
      // storage full: the leave warning still guards the text
    }
  }

  function keepDrafts(form) {
    [...form.elements].forEach(keepDraft);
  }

  function forget(keys) {
    if (local) keys.forEach((key) => local.removeItem(key));
  }

  function pruneDrafts() {
    if (!local) return;
    const oldest = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
    for (let index = local.length - 1; index >= 0; index -= 1) {
      const key = local.key(index);
      if (key && key.startsWith(PREFIX)) {
        const draft = readDraft(key);
        if (!draft || !(draft.at > oldest)) local.removeItem(key);
      }
    }
  }

  // A field's value set here: its list editor (app.js) and the live check
  // (htmx) hear of it; the drafts of the other fields are left as they are.
  let restoring = false;
  function changedBy(field) {
    restoring = true;
    try {
      field.dispatchEvent(new Event("list-editor:refresh"));
      field.dispatchEvent(new Event("input", { bubbles: true }));
    } finally {
      restoring = false;
    }
  }

  // Put a kept draft back into its field, with a note and a way to discard it.
  function restore(field) {
    const draft = readDraft(keyOf(field));
    if (!draft || draft.text === field.value || field.value !== field.defaultValue) return;
    touch(field.form); // the saved text is the baseline: the draft counts as a change
    field.value = draft.text;
    changedBy(field);
    mark(field.form);
    const fold = field.closest("details");
    if (fold) fold.open = true;

    const note = document.createElement("div");
    note.className = "alert alert-info draft-note d-flex flex-wrap align-items-center gap-2 py-1 px-2 mt-1 mb-2 small";
    note.setAttribute("role", "status");
    note.dataset.draftNote = field.name;
    const text = document.createElement("span");
    text.textContent = words.restored;
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary py-0";
    discard.textContent = words.discard;
    discard.addEventListener("click", () => {
      field.value = field.defaultValue;
      forget([keyOf(field)]);
      changedBy(field);
      mark(field.form);
      note.remove();
      const editor = field.nextElementSibling;
      const target = field.classList.contains("d-none") && editor ? editor.querySelector("input, button") : field;
      if (target) target.focus();
    });
    note.append(text, discard);
    field.insertAdjacentElement("afterend", note);
  }

  // After an ordinary submit, the next page says whether it was saved: the
  // drafts of that form are removed unless the page shows an error.
  function settleSentDrafts() {
    if (!session) return;
    const sent = session.getItem(SENT);
    if (!sent) return;
    session.removeItem(SENT);
    if (!document.querySelector(ERRORS)) {
      try {
        forget(JSON.parse(sent));
      } catch (error) {
        // nothing to forget
      }
    }
  }

  function draftKeys(form) {
    return [...form.elements].filter(draftable).map(keyOf);
  }

  function start(root) {
    root.querySelectorAll("textarea").forEach((field) => {
      if (draftable(field)) restore(field);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    settleSentDrafts();
    pruneDrafts();
    start(document);
  });
  // Content htmx brings in later (not while a form's answer is on its way: the
  // empty form that follows a save must not get back the text just saved).
  document.addEventListener("htmx:load", (event) => {
    if (event.target !== document.body && !sending.size) start(event.target);
  });

  document.addEventListener("input", (event) => {
    if (restoring) return;
    const form = event.target.form || (event.target.closest && event.target.closest("form"));
    if (!form || !watched(form)) return;
    touch(form);
    keepDrafts(form);
    mark(form);
  });
  document.addEventListener("change", (event) => {
    const form = event.target.form;
    if (!restoring && form && watched(form)) {
      touch(form);
      keepDrafts(form);
      mark(form);
    }
  });

  // Sending a form

  const sending = new Set(); // forms sent and not answered yet
  let leavingBy = null; // the form whose ordinary submit is taking the page away

  function disable(form) {
    // Later, not now: a button disabled before the form is read would not be sent.
    setTimeout(() => {
      if (!sending.has(form)) return;
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach((button) => {
        if (!button.disabled) {
          button.disabled = true;
          button.dataset.disabledWhileSending = "true";
        }
      });
    }, 0);
  }

  function enable(form) {
    sending.delete(form);
    form.querySelectorAll("[data-disabled-while-sending]").forEach((button) => {
      button.disabled = false;
      delete button.dataset.disabledWhileSending;
    });
  }

  // A second submit of a form on its way is refused, before htmx sees it.
  document.addEventListener(
    "submit",
    (event) => {
      if (sending.has(event.target)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );

  // Last of all listeners: a submit nobody prevented is an ordinary one, which
  // leaves the page; one htmx took over is followed by its request events.
  window.addEventListener("submit", (event) => {
    const form = event.target;
    if (!posts(form) || event.defaultPrevented) return;
    leavingBy = form;
    keepDrafts(form);
    if (session) session.setItem(SENT, JSON.stringify(draftKeys(form)));
    sending.add(form);
    disable(form);
  });

  const formOf = (element) => (element instanceof HTMLFormElement ? element : element.closest && element.closest("form"));

  document.addEventListener("htmx:beforeRequest", (event) => {
    const config = event.detail.requestConfig;
    const trigger = config && config.triggeringEvent;
    const form = formOf(event.detail.elt);
    if (!trigger || trigger.type !== "submit" || !form || !posts(form)) return;
    form.dataset.sentDrafts = JSON.stringify(draftKeys(form));
    sending.add(form);
    disable(form);
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = formOf(event.detail.elt);
    if (!form || !sending.has(form)) return;
    enable(form);
    const answer = event.detail.xhr ? event.detail.xhr.responseText : "";
    const failed = !event.detail.successful || /aria-invalid="true"|data-error-summary|edit-conflict/.test(answer);
    if (!failed) {
      forget(JSON.parse(form.dataset.sentDrafts || "[]"));
      rebase(form); // a form the answer left in place is saved as it stands
    }
    delete form.dataset.sentDrafts;
  });

  // Back from the back/forward cache: the page is live again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    leavingBy = null;
    [...sending].forEach(enable);
  });

  // The form being sent does not warn; another changed form of the page does.
  // Stay on the page, and the form sent is not on its way any more.
  function keepAllDrafts() {
    [...document.forms].forEach((form) => {
      if (posts(form)) keepDrafts(form);
    });
  }
  window.addEventListener("pagehide", keepAllDrafts);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") keepAllDrafts();
  });

  window.addEventListener("beforeunload", (event) => {
    keepAllDrafts();
    if (![...document.forms].some((form) => form !== leavingBy && changed(form))) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers want a value to show the prompt
    const sent = leavingBy;
    setTimeout(() => {
      // Runs once the prompt is answered: on "stay" the page is live again.
      if (sent && leavingBy === sent) {
        leavingBy = null;
        enable(sent);
      }
    }, 0);
  });
})();
