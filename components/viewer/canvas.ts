/** A chart canvas made ready to draw: sized for the device's pixel ratio, scaled, cleared. */

/** The canvas's 2D context, `width` × `height` CSS pixels, cleared; undefined where there is none. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | undefined {
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  const dpr = globalThis.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** A style reader that asks the page for each custom property once per frame (a chart reads them per box). */
export function cachedStyles(element: Element): Pick<CSSStyleDeclaration, 'getPropertyValue'> {
  const styles = getComputedStyle(element);
  const seen = new Map<string, string>();
  return {
    getPropertyValue(name: string) {
      let value = seen.get(name);
      if (value === undefined) seen.set(name, (value = styles.getPropertyValue(name)));
      return value;
    },
  };
}
