/** Height a Plot colour legend (swatches) takes above its chart, in pixels. */
export const LEGEND_HEIGHT = 34;
