// The comparison's Print button (inline handlers are refused by the content security policy).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
