// Progressive enhancements; every page works without them.
(function () {
  "use strict";

  // A textarea[data-list-editor] holds one item per line. Replace it with a list
  // of inputs that can be added to, reordered and removed with the keyboard;
  // the textarea stays in the form (hidden) and is kept in sync.
  function listEditor(textarea) {
    const labels = textarea.dataset;
    const editor = document.createElement("div");
    editor.className = "list-editor";
    editor.setAttribute("role", "group");
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      label.id = label.id || `${textarea.id}-label`;
      editor.setAttribute("aria-labelledby", label.id);
    }
    const list = document.createElement("ol");
    list.className = "list-unstyled mb-2";
    editor.appendChild(list);

    const sync = () => {
      const values = [...list.querySelectorAll("input")].map((input) => input.value.trim());
      textarea.value = values.filter(Boolean).join("\n");
      list.querySelectorAll("li").forEach((item, index, all) => {
        item.querySelector("input").setAttribute("aria-label", `${labels.labelItem} ${index + 1}`);
        item.querySelector("[data-move=up]").disabled = index === 0;
        item.querySelector("[data-move=down]").disabled = index === all.length - 1;
      });
    };

    const button = (text, title, action) => {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "btn btn-sm btn-outline-secondary";
      element.textContent = text;
      element.setAttribute("aria-label", title);
      element.title = title;
      element.dataset.move = action;
      return element;
    };

    const addItem = (value, focus) => {
      const item = document.createElement("li");
      item.className = "input-group input-group-sm mb-1";
      const input = document.createElement("input");
      input.type = "text";
      input.className = "form-control";
      input.value = value;
      input.maxLength = 300;
      input.addEventListener("input", sync);
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {  // Enter adds the next item instead of submitting
          event.preventDefault();
          addItem("", true);
        }
      });
      const up = button("↑", labels.labelUp, "up");
      const down = button("↓", labels.labelDown, "down");
      const remove = button("×", labels.labelRemove, "remove");
      up.addEventListener("click", () => {
        if (item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
        sync();
        (up.disabled ? down : up).focus();
      });
      down.addEventListener("click", () => {
        if (item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
        sync();
        (down.disabled ? up : down).focus();
      });
      remove.addEventListener("click", () => {
        const next = item.nextElementSibling || item.previousElementSibling;
        item.remove();
        sync();
        (next ? next.querySelector("input") : add).focus();
      });
      item.append(input, up, down, remove);
      list.appendChild(item);
      sync();
      if (focus) input.focus();
    };

    const add = document.createElement("button");
    add.type = "button";
    add.className = "btn btn-sm btn-outline-primary";
    add.textContent = `+ ${labels.labelAdd}`;
    add.addEventListener("click", () => addItem("", true));
    editor.appendChild(add);

    const fill = () => {
      list.replaceChildren();
      textarea.value.split("\n").map((line) => line.trim()).filter(Boolean)
        .forEach((line) => addItem(line, false));
    };
    fill();
    // Its value set from outside (a draft put back or discarded, unsaved.js).
    textarea.addEventListener("list-editor:refresh", () => {
      fill();
      sync();
    });
    textarea.classList.add("d-none");
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;
    textarea.insertAdjacentElement("afterend", editor);
  }

  function enhance(root) {
    root.querySelectorAll("textarea[data-list-editor]").forEach((textarea) => {
      if (!textarea.dataset.enhanced) {
        textarea.dataset.enhanced = "1";
        listEditor(textarea);
      }
    });
  }

  // Message steps: show only the fields the chosen channel uses.
  function showChannelFields() {
    const channel = document.getElementById("id_channel");
    if (!channel) return;
    document.querySelectorAll("[data-for-channels]").forEach((element) => {
      element.hidden = !element.dataset.forChannels.split(" ").includes(channel.value);
    });
  }
  document.addEventListener("change", (event) => {
    if (event.target.id === "id_channel") showChannelFields();
  });

  // A page waiting for background work (the PDF) is polled by htmx
  // (templates/report/_pdf_progress.html); when the file is ready, its link
  // carries data-auto-download and the download starts.
  function startDownload(root) {
    const link = root.querySelector("[data-auto-download]");
    if (link && !link.dataset.started) {
      link.dataset.started = "true";
      window.location.href = link.href;
    }
  }
  document.addEventListener("DOMContentLoaded", () => startDownload(document));
  document.addEventListener("htmx:afterSettle", () => startDownload(document));

  // A form that comes back with errors: focus its error summary, or else its
  // first invalid field, so that the error is read out (the field's error is
  // tied to it with aria-describedby) and can be fixed at once.
  function focusFirstError(root) {
    const candidates = root.querySelectorAll("[data-error-summary], [aria-invalid='true']");
    const target = [...candidates].find((element) => element.getClientRects().length);
    if (!target) return false;
    target.focus();
    return document.activeElement === target;
  }

  document.addEventListener("DOMContentLoaded", () => {
    enhance(document);
    showChannelFields();
    const main = document.getElementById("main");
    if (main) focusFirstError(main);
  });

  // After htmx swaps in new content, enhance it and, if the swap took the focus
  // away (the focused control was replaced), give it back to the control that
  // had it when the request started (by id), so keyboard users stay put. Focus
  // that is still somewhere (the user moved on while a live check ran) stays.
  // A form sent with htmx that comes back with errors gets the same treatment
  // as a page (only after a submit: live checks while typing leave focus alone).
  // One response can settle several parts (out-of-band swaps), each with its event.
  let lastFocusedId = null;
  let submitted = false;
  let afterSubmit = false;
  document.addEventListener("submit", () => { submitted = true; }, true);
  document.addEventListener("htmx:beforeRequest", () => {
    lastFocusedId = document.activeElement && document.activeElement.id;
    afterSubmit = submitted;
    submitted = false;
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    const root = event.detail.elt.parentElement || document;
    enhance(root);
    if (afterSubmit && focusFirstError(root)) {
      afterSubmit = false;
      lastFocusedId = null;
      return;
    }
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) {
      lastFocusedId = null;
      return;
    }
    if (!lastFocusedId) return;
    const again = document.getElementById(lastFocusedId);
    if (again && !again.disabled) {
      again.focus();
    } else if (again) {
      const sibling = again.parentElement.querySelector("button:not([disabled])");
      if (sibling) sibling.focus();
    }
  });

  // A form htmx opens in place of a row ([data-scroll-into-view]) is brought into
  // view: opened from the end of a long table, or on a phone where the table's
  // rows are cards, it would otherwise start above the window.
  document.addEventListener("htmx:afterSettle", () => {
    document.querySelectorAll("[data-scroll-into-view]").forEach((element) => {
      element.removeAttribute("data-scroll-into-view");
      const box = element.getBoundingClientRect();
      if (box.top >= 0 && box.bottom <= window.innerHeight) return;
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      element.scrollIntoView({block: "start", inline: "nearest", behavior: still ? "auto" : "smooth"});
    });
  });
})();
