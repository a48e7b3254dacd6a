// The Results page (templates/results/_results_section.html): a link to a folded
// form ("Add the first check-in") opens the fold and puts the focus in its first
// field. Without script the link still scrolls to the fold, whose heading opens it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-opens]");
  if (!link) return;
  const fold = document.getElementById(link.dataset.opens);
  if (!(fold instanceof HTMLDetailsElement)) return;
  event.preventDefault();
  fold.open = true;
  fold.scrollIntoView({ block: "start" });
  const field = fold.querySelector("input:not([type=hidden]), select, textarea");
  if (field) field.focus();
});
