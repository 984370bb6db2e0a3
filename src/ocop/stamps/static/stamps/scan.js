// The scan page's one optional step: the visitor shares a coarse location (rounded to 0.1°, about
// 11 km, here in the browser) so that copies scanned far apart are caught. Without JavaScript or
// geolocation the box stays hidden and the scan counts by network region.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-stamp-place]");
  if (!box || !navigator.geolocation || !window.fetch) return;
  const button = box.querySelector("button");
  const output = box.querySelector("output");
  box.hidden = false;
  const coarse = (value) => (Math.round(value * 10) / 10).toFixed(1);
  button.addEventListener("click", () => {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const body = new URLSearchParams({
          n: box.dataset.number,
          lat: coarse(position.coords.latitude),
          lon: coarse(position.coords.longitude),
        });
        fetch(box.dataset.url, { method: "POST", body, credentials: "omit" })
          .then((answer) => answer.json())
          .then((data) => { output.textContent = data.message; })
          .catch(() => { output.textContent = box.dataset.refused; button.disabled = false; });
      },
      () => { output.textContent = box.dataset.refused; button.disabled = false; },
      { enableHighAccuracy: false, maximumAge: 600000, timeout: 15000 },
    );
  });
});
