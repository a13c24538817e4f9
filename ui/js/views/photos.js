// Photos of one journal entry (or one bucket item's memory): a strip of
// thumbnails, adding by button, drop or paste, and a gallery (a larger view,
// arrow keys between photos, Escape closes) where a photo can be removed after
// asking.
//
// Pictures load from Hearth's `hearth-photo` scheme (api.photoUrl), which reads the
// open vault and answers nothing while locked; no object URL or copy of a picture
// is kept here. Everything lives in `container` and in the view's Life, so leaving
// the view (or locking) drops it all.

import { api } from '../api.js';
import { announce, h, showDialog, template } from '../dom.js';

/** Mirrors hearth_core::photos::MAX_PHOTO_BYTES, only to answer before sending 30 MB for nothing. */
const MAX_BYTES = 30 * 1024 * 1024;

/**
 * Fills `container` with the photo strip. `owner()` resolves to the id of what the
 * photos belong to, saving it first if it is new (null: nothing to attach to).
 * `dropZone` receives drops and pastes of files.
 */
export function mountPhotos({ container, dropZone, life, kind, owner, existingId }) {
  // A container that already holds the strip (the journal's kept editor form) is
  // refilled rather than built again; what it showed goes when `life` ends.
  if (!container.querySelector('.photos')) container.replaceChildren(template('photos'));
  const strip = container.querySelector('[data-photo-strip]');
  const note = container.querySelector('[data-photo-note]');
  const addButton = container.querySelector('[data-photo-add]');
  const fileInput = container.querySelector('[data-photo-file]');
  let photos = [];
  let adding = Promise.resolve();

  const say = (text, kind = '') => {
    note.textContent = text;
    note.dataset.kind = kind;
  };
  life.onEnd(() => {
    strip.replaceChildren();
    say('');
    dropZone.classList.remove('dropping');
  });

  function draw() {
    strip.replaceChildren(...photos.map((p, i) => h('li', {},
      h('button', { type: 'button', class: 'photo-thumb', 'data-photo': p.id, 'aria-label': `Open photo ${i + 1} of ${photos.length}`, onclick: () => openGallery(i) },
        h('img', { src: api.photoUrl(p.id, 'thumb'), alt: `Photo ${i + 1} of ${photos.length}`, loading: 'lazy', decoding: 'async', width: 120, height: Math.max(1, Math.round(120 * p.height / p.width)) })))));
    strip.hidden = photos.length === 0;
  }

  async function load(id) {
    try {
      photos = await life.guard(api.photoList(kind, id));
      draw();
    } catch (err) { say(err.message, 'error'); }
  }
  if (existingId) load(existingId);
  else draw();

  /** Takes files one at a time, in order; each refusal is said and the rest go on. */
  function addFiles(files) {
    const list = [...files];
    if (!list.length) return adding;
    adding = adding.then(async () => {
      const id = await life.guard(owner());
      if (!id) return;
      let added = 0;
      for (const file of list) {
        if (file.size > MAX_BYTES) {
          say(`${file.name || 'This photo'} is larger than 30 MB, more than Hearth keeps for one photo. A smaller copy will fit.`, 'error');
          continue;
        }
        say(`Adding ${list.length === 1 ? 'the photo' : `photo ${added + 1} of ${list.length}`}…`);
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const result = await life.guard(api.photoAdd(kind, id, bytes));
          photos.push(result.photo);
          added += 1;
          draw();
          say(result.first
            ? 'Photo added. Hearth removes the location and camera details from photos, so only the picture is kept, inside your encrypted vault.'
            : `${added === 1 ? 'Photo' : `${added} photos`} added.`, 'saved');
        } catch (err) {
          if (life.ended) return;
          say(err.message, 'error');
        }
      }
      if (added) announce(`${added === 1 ? 'Photo' : `${added} photos`} added.`);
    }).catch(() => {});
    return adding;
  }

  life.listen(addButton, 'click', () => fileInput.click());
  life.listen(fileInput, 'change', () => {
    addFiles(fileInput.files);
    fileInput.value = '';
  });
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  life.listen(dropZone, 'dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dropZone.classList.add('dropping');
  });
  life.listen(dropZone, 'dragleave', () => dropZone.classList.remove('dropping'));
  life.listen(dropZone, 'drop', (e) => {
    dropZone.classList.remove('dropping');
    if (!hasFiles(e)) return;
    e.preventDefault();
    addFiles(e.dataTransfer.files);
  });
  // Pasting a picture adds it; pasting text stays the textarea's business.
  life.listen(dropZone, 'paste', (e) => {
    const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/') || !f.type);
    if (!files.length) return;
    e.preventDefault();
    addFiles(files);
  });

  function openGallery(start) {
    let at = start;
    showDialog(container, 'photo-gallery', (dialog, close) => {
      const img = dialog.querySelector('[data-gallery-img]');
      const title = dialog.querySelector('[data-gallery-title]');
      const prev = dialog.querySelector('[data-gallery-prev]');
      const next = dialog.querySelector('[data-gallery-next]');
      const actions = dialog.querySelector('[data-gallery-actions]');
      const confirm = dialog.querySelector('[data-gallery-confirm]');
      const show = () => {
        const p = photos[at];
        title.textContent = `Photo ${at + 1} of ${photos.length}`;
        img.alt = `Photo ${at + 1} of ${photos.length}, ${p.width} by ${p.height} pixels`;
        img.src = api.photoUrl(p.id, 'full');
        prev.disabled = at === 0;
        next.disabled = at === photos.length - 1;
      };
      const move = (by) => {
        at = Math.min(photos.length - 1, Math.max(0, at + by));
        show();
      };
      prev.addEventListener('click', () => move(-1));
      next.addEventListener('click', () => move(1));
      dialog.addEventListener('keydown', (e) => {
        if (!confirm.hidden) return;
        if (e.key === 'ArrowLeft') { e.preventDefault(); move(-1); }
        if (e.key === 'ArrowRight') { e.preventDefault(); move(1); }
      });
      const asking = (yes) => {
        confirm.hidden = !yes;
        actions.hidden = yes;
        dialog.querySelector(yes ? '[data-gallery-keep]' : '[data-gallery-remove]').focus();
      };
      dialog.querySelector('[data-gallery-remove]').addEventListener('click', () => asking(true));
      dialog.querySelector('[data-gallery-keep]').addEventListener('click', () => asking(false));
      dialog.querySelector('[data-gallery-remove-yes]').addEventListener('click', async () => {
        try {
          await life.guard(api.photoRemove(photos[at].id));
          photos.splice(at, 1);
          draw();
          announce('Photo removed.');
          if (!photos.length) { close(); return; }
          at = Math.min(at, photos.length - 1);
          show();
          asking(false);
        } catch (err) { say(err.message, 'error'); close(); }
      });
      // The picture goes with the dialog.
      dialog.addEventListener('close', () => img.removeAttribute('src'));
      show();
    }, () => addButton.focus());
  }

  return { addFiles };
}
