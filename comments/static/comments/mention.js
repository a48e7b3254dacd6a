// Picking a member from a comment's "Mention a member" list writes their
// @username into the comment where the cursor is, and puts the list back.
document.addEventListener("change", (event) => {
  const picker = event.target.closest("select.mention-picker");
  if (!picker || !picker.value) return;
  const option = picker.selectedOptions[0];
  const text = document.getElementById(picker.dataset.mentionInto);
  if (!text || !option) return;
  const handle = `@${option.dataset.username} `;
  const at = text.selectionStart ?? text.value.length;
  const before = text.value.slice(0, at);
  const space = before && !/\s$/.test(before) ? " " : "";
  text.value = before + space + handle + text.value.slice(at);
  picker.value = "";
  text.focus();
  const caret = (before + space + handle).length;
  text.setSelectionRange(caret, caret);
});
