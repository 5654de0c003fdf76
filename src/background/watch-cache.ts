/**
 * The worker's only in-memory state: the watched domains and their lookup
 * index, derived from the settings in storage. A stopped worker loses it and
 * the next event loads it again.
 */
import { buildWatchIndex, siteIndex, type WatchIndex } from '../core/matching';
import type { ValidatedSettings } from '../core/settings';
import type { Settings } from '../core/settings-defaults';

export interface WatchState {
  settings: Settings;
  /** buildWatchIndex over the watched domains, remembering its answer per cookie domain. */
  index: WatchIndex;
  /** The watched domain a request's host belongs to (the host or a parent of it is watched), remembered per host. */
  domainOfHost(host: string): string | undefined;
}

export interface WatchCache {
  /** The state if it is loaded, without waiting: the cookie listener's question. */
  peek(): WatchState | undefined;
  /** The state, reading the settings once however many callers ask while the cache is cold. */
  load(): Promise<WatchState>;
  /** Settings that just changed in storage. */
  update(settings: Settings): WatchState;
}

export interface WatchCacheDeps {
  readSettings(): Promise<ValidatedSettings>;
  /** The settings read had broken fields (read as their defaults): storage wants a check. */
  corrupt(errors: readonly string[]): void;
}

/** Distinct cookie domains remembered before starting over; a browsing session sees far fewer. */
const MEMO_LIMIT = 10_000;

/**
 * The same few trackers and sites set cookies again and again, so the
 * answer for a cookie domain is remembered: a repeat costs one Map lookup
 * and allocates nothing. Host-only and domain cookies are remembered apart
 * since a parent's domain cookie can be watched where its host-only one is not.
 */
function remembering(index: WatchIndex): WatchIndex {
  const hostOnly = new Map<string, boolean>();
  const domain = new Map<string, boolean>();
  return {
    covers(c) {
      const memo = c.hostOnly ? hostOnly : domain;
      let answer = memo.get(c.domain);
      if (answer === undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        answer = index.covers(c);
        memo.set(c.domain, answer);
      }
      return answer;
    },
  };
}

/** The same few hosts get request after request: each answer is remembered, so a repeat is one Map lookup. */
function hostLookup(settings: Settings): (host: string) => string | undefined {
  const find = siteIndex(settings.domains);
  const memo = new Map<string, string | null>();
  return (host) => {
    let answer = memo.get(host);
    if (answer === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      answer = find({ domain: host, hostOnly: true })?.domain ?? null;
      memo.set(host, answer);
    }
    return answer ?? undefined;
  };
}

function stateOf(settings: Settings): WatchState {
  return { settings, index: remembering(buildWatchIndex(settings.domains)), domainOfHost: hostLookup(settings) };
}

export function createWatchCache(deps: WatchCacheDeps): WatchCache {
  let current: WatchState | undefined;
  let loading: Promise<WatchState> | undefined;
  /** Bumped by every update, so a read that started earlier cannot overwrite newer settings. */
  let generation = 0;

  return {
    peek: () => current,

    load() {
      if (current) return Promise.resolve(current);
      if (loading) return loading;
      const started = generation;
      const promise = deps.readSettings().then(
        ({ settings, errors }) => {
          loading = undefined;
          if (errors.length > 0) deps.corrupt(errors);
          if (current && generation !== started) return current;
          current = stateOf(settings);
          return current;
        },
        (e: unknown) => {
          // Forget the failure so the next event tries again.
          loading = undefined;
          throw e;
        },
      );
      loading = promise;
      return promise;
    },

    update(settings) {
      generation += 1;
      current = stateOf(settings);
      return current;
    },
  };
}
