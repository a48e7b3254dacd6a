// The content calendar (templates/content_plan/calendar.html): moving pieces.
//
// Each day is a list, and a piece dragged to another day (SortableJS) is moved
// by its own Move form, the one its ⋯ menu holds for the keyboard: the form sends
// the new publish date with the edit version the piece was shown with, and the
// answer (JSON) brings the piece's date and edit version as saved now and a
// message that says what happened. A refused move (outside the horizon, before
// the due date, or over someone else's change of the date) puts the piece back
// where it is saved and says why. Without this script the Move menu's buttons
// are plain form posts that bring the calendar back with the message.
(function () {
  "use strict";

  const grid = document.getElementById("calendar-grid");
  if (!grid || !grid.dataset.movable) return;
  const alerts = document.getElementById("calendar-alerts");

  function say(message, moved) {
    alerts.replaceChildren();
    if (!message) return;
    const alert = document.createElement("div");
    alert.className = `alert alert-${moved ? "success" : "warning"} py-2`;
    alert.setAttribute("role", moved ? "status" : "alert");
    alert.textContent = message;
    alerts.appendChild(alert);
  }

  // Dates as the forms write them (2027-03-04), counted in UTC so that no
  // change of the clocks shifts a day.
  function plusDays(iso, days) {
    const day = new Date(`${iso}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + days);
    return day.toISOString().slice(0, 10);
  }

  const dayList = (iso) => grid.querySelector(`.calendar-day[data-date="${iso}"]`);

  function putBack(piece, from) {
    if (piece.parentElement === from.list) return;
    from.list.insertBefore(piece, from.list.children[from.index] || null);
  }

  // Show the piece on the day it is saved on; a day this month's grid does not
  // show takes it off the grid (the message says where it went).
  function place(piece, iso, from) {
    if (iso === from.list.dataset.date) {
      putBack(piece, from);
      return;
    }
    const list = iso && dayList(iso);
    if (list) {
      if (piece.parentElement !== list) list.appendChild(piece);
    } else {
      piece.remove();
    }
  }

  async function move(piece, iso, from) {
    const form = piece.querySelector("form.piece-move");
    const body = new FormData(form);
    body.set("publish_date", iso);
    piece.setAttribute("aria-busy", "true");
    let answer = null;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = await response.json();
    } catch (error) {
      answer = null;
    }
    piece.removeAttribute("aria-busy");
    if (!answer) {
      putBack(piece, from);
      say(alerts.dataset.failed, false);
      return;
    }
    form.elements.edit_version.value = answer.edit_version;
    form.elements["initial-publish_date"].value = answer.publish_date;
    if (answer.publish_date) {
      form.querySelectorAll("button[data-days]").forEach((button) => {
        button.value = plusDays(answer.publish_date, Number(button.dataset.days));
      });
    }
    place(piece, answer.publish_date, from);
    say(answer.message, answer.moved);
  }

  const where = (piece) => ({
    list: piece.parentElement,
    index: [...piece.parentElement.children].indexOf(piece),
  });

  // The keyboard's way: a button of the Move menu. Focus stays on the piece's
  // menu button wherever the piece goes, or on the message when it left the grid.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches || !form.matches("#calendar-grid form.piece-move")) return;
    const button = event.submitter;
    if (!button || !button.value) return;
    event.preventDefault();
    const piece = form.closest(".calendar-piece");
    const toggle = piece.querySelector("[data-bs-toggle=dropdown]");
    if (window.bootstrap) window.bootstrap.Dropdown.getOrCreateInstance(toggle).hide();
    await move(piece, button.value, where(piece));
    if (piece.isConnected) {
      toggle.focus();
    } else if (alerts.firstElementChild) {
      alerts.firstElementChild.tabIndex = -1;
      alerts.firstElementChild.focus();
    }
  });

  if (typeof window.Sortable === "undefined") return;
  grid.querySelectorAll(".calendar-day").forEach((list) => {
    window.Sortable.create(list, {
      group: "calendar",
      sort: false, // the pieces of a day are in the order they were planned
      draggable: ".calendar-piece",
      filter: ".piece-menu",
      preventOnFilter: false,
      // On a touch screen a piece is held a moment before it moves, so that a
      // finger can still scroll the calendar.
      delay: 200,
      delayOnTouchOnly: true,
      onEnd(event) {
        if (event.from === event.to) return;
        move(event.item, event.to.dataset.date, { list: event.from, index: event.oldIndex });
      },
    });
  });
})();
