// The budget grid as a spreadsheet (templates/budget/_grid_section.html).
//
// Tab and Shift+Tab go from cell to cell; the arrow keys move up and down, and
// sideways once the caret is at the edge of the figure (in a right-to-left page
// the months run from the right, and so do the arrows); Enter saves the row and
// goes down, Escape gives a cell back its saved figure. A block pasted from a
// spreadsheet (tab- and line-separated) fills the cells from the one pasted into:
// a column down the lines, a row across the months. A changed row is saved when
// the cell is left, with the row's own form; the answer brings the row's figures
// as saved, its new edit version and every total of the page, so nothing is
// drawn again. Without this script each row is a plain form with a Save button.
(function () {
  "use strict";

  const CELL = "input.budget-cell";
  document.documentElement.classList.add("budget-ready");

  const grid = () => document.getElementById("budget-grid");
  const inputRows = () => [...grid().querySelectorAll("tr[data-grid-row]")];
  const rowInputs = (form) => [...document.querySelectorAll(`${CELL}[form="${form.id}"]`)];
  const dirty = (input) => input.value !== input.defaultValue;
  const rightToLeft = () => getComputedStyle(grid()).direction === "rtl";

  function say(key) {
    const status = document.getElementById("budget-status");
    if (status) status.textContent = status.dataset[key] || "";
  }

  function alertBox(message) {
    const box = document.getElementById("budget-alerts");
    if (!box) return;
    box.replaceChildren();
    if (!message) return;
    const alert = document.createElement("div");
    alert.className = "alert alert-warning";
    alert.setAttribute("role", "alert");
    alert.textContent = message;
    box.appendChild(alert);
  }

  // Moving around

  function cellAt(rowIndex, column) {
    const row = inputRows()[rowIndex];
    return row ? row.querySelector(`${CELL}[data-col="${column}"]`) : null;
  }

  function place(input) {
    return { row: inputRows().indexOf(input.closest("tr")), column: Number(input.dataset.col) };
  }

  function go(input, rows, columns) {
    const here = place(input);
    const target = cellAt(here.row + rows, here.column + columns);
    if (target) {
      target.focus();
      target.select();
    }
    return Boolean(target);
  }

  function atEdge(input, towardsEnd) {
    const all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    if (all || input.value === "") return true;
    if (input.selectionStart !== input.selectionEnd) return false;
    return towardsEnd ? input.selectionEnd === input.value.length : input.selectionStart === 0;
  }

  document.addEventListener("keydown", (event) => {
    const input = event.target.closest && event.target.closest(CELL);
    if (!input || event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "Enter":
        event.preventDefault();
        save(input.form);
        go(input, event.shiftKey ? -1 : 1, 0);
        break;
      case "Escape":
        input.value = input.defaultValue;
        input.select();
        break;
      case "ArrowDown":
      case "ArrowUp":
        if (go(input, event.key === "ArrowDown" ? 1 : -1, 0)) event.preventDefault();
        break;
      case "ArrowLeft":
      case "ArrowRight": {
        // The next month is to the right, or to the left when the months read from the right.
        const next = (event.key === "ArrowRight") !== rightToLeft();
        if (event.shiftKey || !atEdge(input, next)) return;
        if (go(input, 0, next ? 1 : -1)) event.preventDefault();
        break;
      }
      default:
    }
  });

  // A changed cell saves its row when it is left.
  document.addEventListener("change", (event) => {
    const input = event.target.closest && event.target.closest(CELL);
    if (input) save(input.form);
  });

  // Pasting a block from a spreadsheet

  document.addEventListener("paste", (event) => {
    const input = event.target.closest && event.target.closest(CELL);
    if (!input || !event.clipboardData) return;
    const text = event.clipboardData.getData("text/plain").replace(/\r\n?/g, "\n").replace(/\n+$/, "");
    if (!/[\t\n]/.test(text)) return; // one figure: pasted as usual
    event.preventDefault();
    const here = place(input);
    const forms = [];
    text.split("\n").forEach((line, down) => {
      line.split("\t").forEach((value, across) => {
        const target = cellAt(here.row + down, here.column + across);
        if (!target) return;
        target.value = value.trim();
        if (!forms.includes(target.form)) forms.push(target.form);
      });
    });
    forms.forEach((form) => save(form));
  });

  // Saving a row

  const queues = new Map();

  function save(form) {
    if (!form) return Promise.resolve();
    // One request at a time per row: each starts from what the one before saved.
    const before = queues.get(form.id) || Promise.resolve();
    const after = before.then(() => send(form));
    queues.set(form.id, after.catch(() => undefined));
    return after;
  }

  async function send(form) {
    const inputs = rowInputs(form);
    const changed = inputs.filter(dirty);
    if (!changed.length) return;
    const sent = new Map(inputs.map((input) => [input, input.value]));
    changed.forEach((input) => input.classList.add("is-saving"));
    say("saving");
    let answer = null;
    let status = 0;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      status = response.status;
      answer = await response.json();
    } catch (error) {
      answer = null;
    }
    changed.forEach((input) => input.classList.remove("is-saving"));
    showErrors(inputs, answer && answer.errors);
    if (!answer || answer.errors) {
      say("failed");
      return;
    }
    form.elements.edit_version.value = answer.edit_version;
    form.elements.started_from.value = answer.started_from;
    inputs.forEach((input) => {
      const saved = answer.values[input.name];
      if (saved === undefined) return;
      // A cell typed into again while saving keeps what is typed, and saves next.
      if (input.value === sent.get(input)) input.value = saved;
      input.defaultValue = saved;
    });
    showTotals(answer.totals, answer.tones);
    if (status === 409) {
      alertBox(answer.conflict);
      say("failed");
      return;
    }
    alertBox("");
    changed.forEach((input) => {
      input.classList.add("is-saved");
      setTimeout(() => input.classList.remove("is-saved"), 1200);
    });
    say("saved");
  }

  function showErrors(inputs, errors) {
    inputs.forEach((input) => {
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      const note = input.parentElement.querySelector(".invalid-feedback");
      if (note) note.remove();
    });
    if (!errors) return;
    const general = [];
    Object.entries(errors).forEach(([name, message]) => {
      const input = inputs.find((candidate) => candidate.name === name);
      if (!input) {
        general.push(message);
        return;
      }
      const note = document.createElement("span");
      note.className = "invalid-feedback";
      note.id = `${input.form.id}-${name}-error`;
      note.textContent = message;
      input.after(note);
      input.classList.add("is-invalid");
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
    });
    alertBox(general.join(" "));
  }

  function showTotals(totals, tones) {
    const found = new Map();
    document.querySelectorAll("[data-total]").forEach((element) => {
      const key = element.dataset.total;
      if (!found.has(key)) found.set(key, []);
      found.get(key).push(element);
    });
    Object.entries(totals || {}).forEach(([key, text]) => {
      (found.get(key) || []).forEach((element) => {
        element.textContent = text;
      });
    });
    Object.entries(tones || {}).forEach(([key, tone]) => {
      (found.get(key) || []).forEach((element) => {
        element.classList.remove("budget-tone-over", "budget-tone-under", "budget-tone-none");
        element.classList.add(`budget-tone-${tone || "none"}`);
      });
    });
  }
})();
