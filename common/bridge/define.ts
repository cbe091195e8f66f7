/**
 * How a bridge capability declares itself: each method once, with the zod
 * schema its arguments must pass and the type it resolves to side by side, and
 * each event with its payload type. The types the host implements and the
 * renderer calls are derived from these declarations, so they cannot drift.
 */
import { z } from 'zod';

/** One method: its arguments' schema, and (as a type only) what it resolves to. */
export interface MethodSpec<Args extends z.ZodType = z.ZodType, Result = unknown> {
  readonly args: Args;
  /** Never set: carries the result type. */
  readonly result?: Result;
}

/** One event: (as a type only) what its listeners receive. */
export interface EventSpec<Payload = unknown> {
  /** Never set: carries the payload type. */
  readonly payload?: Payload;
}

export type MethodMap = Record<string, MethodSpec>;
export type EventMap = Record<string, EventSpec>;

/** `method(Schema).returns<Result>()` declares a method. */
export function method<Args extends z.ZodType>(args: Args) {
  return { returns: <Result>(): MethodSpec<Args, Result> => ({ args }) };
}

/** `event<Payload>()` declares an event. */
export function event<Payload>(): EventSpec<Payload> {
  return {};
}

/** A capability's methods (keeps their literal names and types; checks their shape). */
export function defineMethods<const Methods extends MethodMap>(methods: Methods): Methods {
  return methods;
}

/** A capability's events. */
export function defineEvents<const Events extends EventMap>(events: Events): Events {
  return events;
}

/** The arguments a handler receives: the schema's output (defaults applied). */
export type ArgsOf<Spec extends MethodSpec> = z.output<Spec['args']>;
/** The arguments a caller passes: the schema's input (defaulted fields optional). */
export type InputOf<Spec extends MethodSpec> = z.input<Spec['args']>;
export type ResultOf<Spec extends MethodSpec> = Spec extends MethodSpec<z.ZodType, infer Result> ? Result : never;
export type PayloadOf<Spec extends EventSpec> = Spec extends EventSpec<infer Payload> ? Payload : never;

/** What implements a set of methods: one async function per method. */
export type HandlersOf<Methods extends MethodMap> = {
  [M in keyof Methods]: (args: ArgsOf<Methods[M]>) => Promise<ResultOf<Methods[M]>>;
};

/** Payload type per event name. */
export type PayloadsOf<Events extends EventMap> = { [E in keyof Events]: PayloadOf<Events[E]> };

/** The names of a capability's methods or events, typed. */
export function namesOf<Map extends object>(map: Map): ReadonlyArray<keyof Map & string> {
  return Object.keys(map) as Array<keyof Map & string>;
}

/** Methods that take no arguments. */
export const NoArgs = z.object({}).strict();
