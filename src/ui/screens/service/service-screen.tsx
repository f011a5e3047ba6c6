// One service: what it is, its checks with their last result, the actions its provider
// supports (each confirmed, with the equivalent command shown), and a slot for its logs.
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useSameList } from '../../use-same.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { displayKey } from '../../keys/key-table.js';
import { useTheme } from '../../theme/theme-context.js';
import { useNow } from '../../use-now.js';
import { displayCommand, fit, formatAge, formatLatency } from '../../presentation/format.js';
import { moveSelection, windowStart } from '../../components/list-window.js';
import { dependencyHint, runLabel } from '../../presentation/service-row.js';
import type { ServiceAction } from '../../../services/console/console-session-types.js';
import { serviceKeysFor } from './service-keys.js';
import { useService } from './use-service.js';
import { LogSlot } from './log-slot.js';
import { InstancesPanel, useInstances } from './instances-panel.js';
import { useServiceStatus } from './use-service-status.js';
import { useServiceStats } from './use-service-stats.js';
import { StatsRows, statsRowCount } from './stats-rows.js';
import { clock, healthChanges } from '../../presentation/health-changes.js';
import { serviceEnvLine } from '../../presentation/service-env.js';
import { matchTitle, useMatchingRunbooks } from '../incidents/use-matching-runbooks.js';
import { openMatch } from '../incidents/open-match.js';

export function ServiceScreen({ name, active }: { name: string; active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { width, height } = useViewport();
  const now = useNow(1000, active);
  const { service, health, all, environment, busy, actions, samples } = useService(session, name);
  const status = useServiceStatus(session, name, active);
  // Only docker services have a stats stream; others follow nothing.
  const stats = useServiceStats(session, name, active && service?.provider.kind === 'docker');
  const instances = useInstances(session.health, name);
  // The selected instance; the panel's window follows it (first row shown kept between frames).
  const [selectedInstance, setSelectedInstance] = useState(0);
  const instanceStart = useRef(0);
  const sameActions = useSameList(actions);
  const keys = useMemo(() => serviceKeysFor(sameActions), [sameActions]);

  // The session asks what the safety policy requires (through the console's Confirmer).
  const act = (action: ServiceAction) => void session.serviceAction(name, action);
  const matches = useMatchingRunbooks(session, useMemo(() => [name], [name]), { active });
  useKeyLayer(PRIORITY.screen, keys, (action) => {
    if (action === 'back') nav.back();
    else if (action === 'logs') nav.push({ name: 'logs', service: name });
    else if (action === 'runbook') openMatch(session, nav, matches[0], name);
    else if (action === 'instanceDown' || action === 'instanceUp') setSelectedInstance((i) => moveSelection(i, action === 'instanceDown' ? 1 : -1, instances.length));
    else if (!busy) act(action as ServiceAction);
    else session.note('info', `${name}: ${busy} already in progress`, name);
  }, { active });

  if (!service) return <Text color={t.c('red')}>No service named {terminalSafe(name)} in this profile.</Text>;
  const state = health?.state ?? 'unknown';
  const hint = dependencyHint(health, all, t.glyphs.arrowLeft);
  const nameW = Math.min(18, Math.max(6, ...service.health.map((c) => c.name.length), ...(health?.checks ?? []).map((c) => c.check.length)));
  const about = [service.description, service.owner ? `owner ${service.owner}` : undefined, `provider ${service.provider.kind}`].filter(Boolean).join(' · ');
  const checkRows = Math.max(1, Math.min(service.health.length, height - 9));
  // The provider's own verdict (Docker: containers and HEALTHCHECK, or why the engine cannot
  // say: unreachable, container removed) is a check too, listed after the declared ones.
  const providerChecks = (health?.checks ?? []).filter((c) => !service.health.some((spec) => spec.name === c.check));
  const envLine = serviceEnvLine(service, status?.envNames);
  const matchRows = Math.min(matches.length, 2);
  // Several instances (hosts, replicas), or one on a host: the instances panel, with their CPU and
  // memory, up to 8 rows (fewer on a short screen); one container here: its figures on one line.
  const instanceRows = instances.length > 1 || (service.on && instances.length) ? Math.max(1, Math.min(instances.length, 8, height - 14)) : 0;
  const instanceSel = Math.min(selectedInstance, Math.max(0, instances.length - 1));
  instanceStart.current = windowStart(instanceSel, instances.length, instanceRows, instanceStart.current);
  const statsRows = service.provider.kind === 'docker' && !instanceRows ? statsRowCount(stats, 3) : 0;
  const used = 3 + (envLine ? 1 : 0) + statsRows + 1 + checkRows + providerChecks.length + (instanceRows ? instanceRows + 2 : 0) + 1 + Math.max(1, actions.length) + (matchRows ? matchRows + 1 : 0);
  // Recent health changes get up to 3 rows when the screen has room; the logs get the rest.
  const spare = Math.max(0, height - used - 1);
  const changes = healthChanges(samples, spare >= 7 ? 3 : spare >= 5 ? 1 : 0);
  const logHeight = Math.max(0, spare - (changes.length ? changes.length + 1 : 0));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{terminalSafe(service.name)}</Text>
        <Text dimColor>{terminalSafe(`  ${about}`)}</Text>
      </Text>
      <Text wrap="truncate">
        {`state ${busy ? `${busy}…` : runLabel(health?.run, service.provider.kind, health)}   health `}
        <Text color={t.healthColour(state)} bold>{`${t.glyphs.health[state]} ${state}`}</Text>
        {terminalSafe(`   env ${environment}`)}
        {hint ? <Text color={t.c('yellow')}>{terminalSafe(`   ${hint}`)}</Text> : null}
      </Text>
      <Text dimColor wrap="truncate">
        {terminalSafe([service.dependsOn.length ? `depends on ${service.dependsOn.join(', ')}` : 'no dependencies', status?.detail].filter(Boolean).join(' · '))}
      </Text>
      {envLine ? <Text dimColor wrap="truncate">{envLine}</Text> : null}
      {statsRows ? <StatsRows instances={stats} rows={3} /> : null}
      <Text bold>Checks</Text>
      {service.health.length === 0 && providerChecks.length === 0 ? <Text dimColor>  no health checks declared</Text> : null}
      {service.health.slice(0, checkRows).map((spec) => {
        const r = health?.checks.find((c) => c.check === spec.name);
        const mark = !r ? '?' : !r.ok ? t.glyphs.check.fail : r.slow ? t.glyphs.check.slow : t.glyphs.check.ok;
        const colour = !r ? undefined : !r.ok ? t.c('red') : r.slow ? t.c('yellow') : t.c('green');
        return (
          <Text key={spec.name} wrap="truncate">
            {'  '}
            <Text color={colour}>{mark}</Text>
            {` ${fit(spec.name, nameW)} ${fit(spec.kind, 7)} ${fit(r ? formatLatency(r.latencyMs) : '-', 7)} ${fit(r ? `${formatAge(r.at, now)} ago` : 'not run', 8)} `}
            {r?.error ? <Text color={t.c('red')}>{terminalSafe(r.error)}</Text> : null}
          </Text>
        );
      })}
      {providerChecks.map((r) => (
        <Text key={r.check} wrap="truncate">
          {'  '}
          <Text color={r.ok ? t.c('green') : t.c('red')}>{r.ok ? t.glyphs.check.ok : t.glyphs.check.fail}</Text>
          {` ${fit(r.check, nameW)} ${fit(service.provider.kind, 7)} ${fit(formatLatency(r.latencyMs), 7)} ${fit(`${formatAge(r.at, now)} ago`, 8)} `}
          {r.unreachable && !r.ok ? <Text color={t.c('red')} bold>engine unreachable: </Text> : null}
          {r.error ? <Text color={t.c('red')}>{terminalSafe(r.error)}</Text> : null}
        </Text>
      ))}
      {instanceRows ? <InstancesPanel instances={instances} width={width} rows={instanceRows} now={now} selected={instanceSel} start={instanceStart.current} /> : null}
      <Text bold>Actions</Text>
      {session.readOnlyReason() ? <Text dimColor>{`  not offered: ${session.readOnlyReason()} (:write leaves it)`}</Text> : null}
      {session.readOnlyReason() ? null : actions.length === 0 ? <Text dimColor>  none: {service.provider.kind} services are not started or stopped by opsdeck</Text> : null}
      {(session.readOnlyReason() ? [] : actions).map((a) => {
        const binding = keys.find((k) => k.action === a);
        return (
          <Text key={a} wrap="truncate">
            {'  '}
            <Text bold color={t.c('cyan')}>{binding ? displayKey(binding.keys[0]!, t.ascii) : ''}</Text>
            {` ${fit(a, 8)}`}
            <Text dimColor>{terminalSafe(displayCommand(session.commandFor(name, a)))}</Text>
          </Text>
        );
      })}
      {matchRows ? <Text bold>Runbooks (Enter opens the first, prefilled)</Text> : null}
      {matches.slice(0, matchRows).map((m) => (
        <Text key={m.runbook.name} wrap="truncate">
          {`  ${m.runbook.name} `}
          {m.fired ? <Text color={t.c('red')} bold>{`fired: ${terminalSafe(m.fired)} `}</Text> : null}
          <Text dimColor>{terminalSafe(matchTitle(session, m))}</Text>
        </Text>
      ))}
      {changes.length ? <Text bold>Recent changes</Text> : null}
      {changes.map((c) => (
        <Text key={c.at} wrap="truncate">
          {`  ${clock(c.at)} `}
          <Text color={t.healthColour(c.state)}>{`${t.glyphs.health[c.state]} ${fit(c.state, 9)}`}</Text>
          {c.reason ? <Text dimColor>{terminalSafe(` ${c.reason}`)}</Text> : null}
        </Text>
      ))}
      <LogSlot service={name} environment={environment} width={width} height={logHeight} logFile={status?.logFile} />
    </Box>
  );
}
