// Top line: where am I and as whom. A protected environment is impossible to miss, with or
// without colour (inverse video and the word PROTECTED). The environment and user@host always
// show whole; the other parts have priorities and shorter wordings (header-layout.ts), so a
// busy on-call header at 80 columns shortens the maintenance window before the incident, and
// never pushes the identity off the line.
import { Box, Text } from 'ink';
import { useTheme } from '../theme/theme-context.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { cutTo, displayWidth, HEADER_PRIORITY, layoutHeader, SEPARATOR, type HeaderPart } from '../presentation/header-layout.js';

export interface HeaderItem {
  /** e.g. "lock: ana@bastion (deploy)", "INCIDENT P1 12m/15m", "maintenance 02:00-04:00". */
  text: string;
  tone?: 'info' | 'warn' | 'alert';
  /** Shorter wordings, longest first, used when the line is too narrow. @default the text cut to 24, then 12 columns */
  shorter?: readonly string[];
  /** Higher stays longer (HEADER_PRIORITY). @default HEADER_PRIORITY.other */
  priority?: number;
}

export interface HeaderProps {
  profile: string;
  environment: string;
  protectedEnv: boolean;
  identity: string;
  width: number;
  /** Extra items from later features (lock holder, incident, maintenance window). @default [] */
  items?: readonly HeaderItem[];
}

const CUT = 24;

export function Header({ profile, environment, protectedEnv, identity, width, items = [] }: HeaderProps) {
  const t = useTheme();
  // Names and lock holders come from configs and files other processes wrote: shown, never obeyed.
  const show = (s: string) => t.text(terminalSafe(s));
  const env = show(protectedEnv ? ` ${environment} PROTECTED ` : environment);
  const who = show(identity);
  const name = show(profile);
  const parts: HeaderPart[] = [
    { variants: ['opsdeck', ''], priority: HEADER_PRIORITY.brand },
    { variants: [`profile ${name}`, name, ''], priority: HEADER_PRIORITY.profile },
    ...items.map((i): HeaderPart => {
      const text = show(i.text);
      const shorter = i.shorter ? i.shorter.map(show) : [cutTo(text, CUT, t.glyphs.ellipsis), cutTo(text, CUT / 2, t.glyphs.ellipsis)];
      return { variants: [...new Set([text, ...shorter.filter((s) => displayWidth(s) < displayWidth(text)), ''])], priority: i.priority ?? HEADER_PRIORITY.other };
    }),
  ];
  const chosen = layoutHeader(parts, displayWidth(`env ${env}`) + SEPARATOR.length + displayWidth(who), width);
  const [brand, prof, ...shown] = chosen;
  const lead = (first: boolean) => (first ? '' : SEPARATOR);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {brand ? <Text bold>opsdeck</Text> : null}
        {prof ? `${lead(!brand)}${prof === `profile ${name}` ? 'profile ' : ''}` : null}
        {prof ? <Text bold>{name}</Text> : null}
        {`${lead(!brand && !prof)}env `}
        {protectedEnv ? (
          <Text inverse bold color={t.c('red')}>
            {env}
          </Text>
        ) : (
          <Text bold color={t.c('green')}>
            {env}
          </Text>
        )}
        {items.map((i, n) =>
          shown[n] ? (
            <Text key={n} color={i.tone === 'alert' ? t.c('red') : i.tone === 'warn' ? t.c('yellow') : undefined} bold={i.tone === 'alert'}>
              {`${SEPARATOR}${shown[n]}`}
            </Text>
          ) : null,
        )}
        <Text dimColor>{`${SEPARATOR}${who}`}</Text>
      </Text>
      <Text dimColor>{t.glyphs.rule.repeat(Math.max(0, width))}</Text>
    </Box>
  );
}
