// An import's page with JavaScript: its state polled and updated in place (the page without it
// offers a "Check progress" button, hidden here), then the page reloaded once to show each row.
const status = document.getElementById('import-status');
if (status && status.dataset.state !== 'done') {
  for (const note of document.querySelectorAll('.tc-no-script')) note.hidden = true;
  const progress = document.getElementById('import-progress');
  const poll = async () => {
    try {
      const res = await fetch(status.dataset.progressUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (res.ok) {
        const view = await res.json();
        if (view.state === 'done') return window.location.reload();
        const text = `Registering the releases. ${view.progress}`;
        if (progress.textContent.trim() !== text) progress.textContent = text;
        for (const [name, n] of Object.entries(view.counts)) {
          const cell = status.querySelector(`[data-count="${name}"]`);
          if (cell && cell.textContent !== String(n)) cell.textContent = String(n);
        }
      }
    } catch {
      // A missed poll is tried again at the next.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
