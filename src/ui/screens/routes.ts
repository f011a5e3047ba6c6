// The console's routes. A new screen adds its route here and its entry in screens/registry.tsx.

export type Route =
  | { name: 'services' }
  | { name: 'service'; service: string }
  | { name: 'logs'; service: string };

export type RouteName = Route['name'];
