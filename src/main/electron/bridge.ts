/** The one name the preload puts on `window`, and the shape it has; shared by preload and renderer. */
export const bridgeKey = 'slipway';
export const eventChannel = 'slipway:event';
