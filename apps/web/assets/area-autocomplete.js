// The area picker as an accessible autocomplete (GOV.UK's accessible-autocomplete): type part
// of an area's name and choose it. It enhances the select the page has without JavaScript, and
// sends the same field.
for (const select of document.querySelectorAll('select[data-autocomplete]')) {
  if (!window.accessibleAutocomplete) break;
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    // The "Choose an area" option is no answer: an empty box, not that text, until one is chosen.
    defaultValue: select.value ? undefined : '',
    showAllValues: true,
    // Without autoselect: its typed-ahead hint is an input of its own, with no label (axe: "label").
    autoselect: false,
    tNoResults: () => 'No area found: check the spelling of the council’s name',
    tStatusQueryTooShort: (minQueryLength) => `Type in ${minQueryLength} or more characters for results`,
  });
}
