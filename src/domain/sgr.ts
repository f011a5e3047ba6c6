// SGR foreground codes by colour name (the names Ink and chalk use), for output written
// without Ink: the headless log printer and the self-painting log pane.
export const FOREGROUND_SGR: Readonly<Record<string, number>> = {
  black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37,
  gray: 90, grey: 90, blackBright: 90, redBright: 91, greenBright: 92, yellowBright: 93,
  blueBright: 94, magentaBright: 95, cyanBright: 96, whiteBright: 97,
};
