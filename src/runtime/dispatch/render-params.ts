import { Liquid, type Template } from 'liquidjs';

/**
 * Renders an action's parameters: every string is a Liquid template over the profile, the event,
 * the journey and the explanation. Templates are parsed once per action and parameter.
 */
export class ParamRenderer {
  private readonly liquid = new Liquid({ strictFilters: true, jsTruthy: true });
  private readonly cache = new Map<string, Template[]>();

  render(params: Record<string, unknown>, scope: Record<string, unknown>, cacheKey: string): Record<string, unknown> {
    return this.renderValue(params, scope, cacheKey) as Record<string, unknown>;
  }

  private renderValue(value: unknown, scope: Record<string, unknown>, key: string): unknown {
    if (typeof value === 'string') {
      if (!value.includes('{')) return value;
      let templates = this.cache.get(key + '\u0000' + value);
      if (!templates) {
        templates = this.liquid.parse(value);
        this.cache.set(key + '\u0000' + value, templates);
      }
      return this.liquid.renderSync(templates, scope) as string;
    }
    if (Array.isArray(value)) return value.map((v, i) => this.renderValue(v, scope, `${key}[${i}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.renderValue(v, scope, `${key}.${k}`);
      return out;
    }
    return value;
  }
}
