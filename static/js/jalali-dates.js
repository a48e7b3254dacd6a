// Date inputs of a reader who reads Jalali dates (strategy_planner.forms.DateInput):
// a Jalali date picker, and the Gregorian date of what is typed shown beside the
// input. Loaded only for that reader; the server reads what is typed either way.
(function () {
  "use strict";

  const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
  const DAY = 24 * 60 * 60 * 1000;
  const TYPED_DATE = /^(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})$/;

  // What was typed in Latin digits, without direction marks (as the server reads it).
  function latin(text) {
    return text
      .replace(/[\u200e\u200f\u061c\u202a-\u202c]/g, "")
      .replace(/٫/g, "/")
      .replace(/[۰-۹٠-٩]/g, (digit) =>
        String(Math.max(PERSIAN_DIGITS.indexOf(digit), ARABIC_DIGITS.indexOf(digit))),
      )
      .trim();
  }

  const jalaliParts = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
    timeZone: "UTC",
    year: "numeric",
    month: "numeric",
    day: "numeric",
  });

  function jalaliOf(time) {
    const parts = {};
    jalaliParts.formatToParts(new Date(time)).forEach((part) => {
      parts[part.type] = Number(part.value);
    });
    return [parts.year, parts.month, parts.day];
  }

  // Days counted from a Jalali year's first day, exact within a year: enough to
  // walk from a guess to the day asked for.
  const ordinal = (year, month, day) =>
    year * 366 + (month <= 6 ? (month - 1) * 31 : 186 + (month - 7) * 30) + day;

  // The Gregorian date of a Jalali one, by the browser's own Persian calendar;
  // null when there is no such day (Esfand 30 of a common year, say).
  function gregorianOf(year, month, day) {
    if (month < 1 || month > 12 || day < 1 || day > (month <= 6 ? 31 : 30)) {
      return null;
    }
    const wanted = ordinal(year, month, day);
    // Farvardin 1 falls on 20, 21 or 22 March.
    let time = Date.UTC(year + 621, 2, 21) + (wanted - ordinal(year, 1, 1)) * DAY;
    for (let step = 0; step < 5; step += 1) {
      const off = wanted - ordinal(...jalaliOf(time));
      if (off === 0) {
        return new Date(time);
      }
      time += off * DAY;
    }
    return null;
  }

  function showGregorian(input) {
    const note = document.querySelector(`[data-gregorian-of="${input.id}"]`);
    if (!note) {
      return;
    }
    const shown = note.querySelector("[data-date]");
    const typed = latin(input.value).match(TYPED_DATE);
    const day = typed && gregorianOf(Number(typed[1]), Number(typed[2]), Number(typed[3]));
    note.hidden = !day;
    shown.dataset.date = day ? day.toISOString().slice(0, 10) : "";
    shown.textContent = day
      ? new Intl.DateTimeFormat(document.documentElement.lang, {
          calendar: "gregory",
          numberingSystem: "latn",
          timeZone: "UTC",
          day: "numeric",
          month: "long",
          year: "numeric",
        }).format(day)
      : "";
  }

  const isJalaliInput = (element) => element.matches && element.matches("input[data-jdp]");
  ["input", "change"].forEach((type) => {
    document.addEventListener(type, (event) => {
      if (isJalaliInput(event.target)) {
        showGregorian(event.target);
      }
    });
  });

  // The picker's year and month lists, named for screen readers (the picker
  // draws them anew whenever they change).
  const labels = document.currentScript.dataset;
  new MutationObserver(() => {
    const unnamed = "jdp-container :is(.jdp-year, .jdp-month) > select:not([aria-label])";
    document.querySelectorAll(unnamed).forEach((list) => {
      const year = list.parentElement.classList.contains("jdp-year");
      list.setAttribute("aria-label", year ? labels.labelYear : labels.labelMonth);
    });
  }).observe(document.body, { childList: true, subtree: true });

  if (window.jalaliDatepicker) {
    window.jalaliDatepicker.startWatch({
      persianDigits: true,
      autoReadOnlyInput: false, // typing a date stays possible
      zIndex: 1080, // above Bootstrap's dropdowns and sticky parts
    });
  }
})();
