// The theme for every component below the root; tests pass their own.
import { createContext, useContext, type ReactNode } from 'react';
import { createTheme, type Theme } from './theme.js';

const ThemeContext = createContext<Theme>(createTheme({ color: true, ascii: false }));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export const useTheme = (): Theme => useContext(ThemeContext);
