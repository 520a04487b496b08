// Saving bytes made in the page (a baked badge image, a certificate PDF) as a download.

/** Offers `bytes` as a file download named `name` with media type `type`. */
export function saveFile(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], {type}));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
