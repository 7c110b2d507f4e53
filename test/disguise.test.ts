import { describe, expect, it } from 'vitest';
import { disguise } from '../src/capture/disguise';

describe('disguise', () => {
  it('gives a wrapper the name, length and text of the original', () => {
    const original = parseInt;
    const wrapper = disguise(function (this: unknown, ...args: unknown[]) {
      return original.apply(this, args as [string]);
    } as typeof parseInt, original);
    expect(wrapper.name).toBe('parseInt');
    expect(wrapper.length).toBe(2);
    expect(wrapper.toString()).toBe('function parseInt() { [native code] }');
    expect(wrapper('42')).toBe(42);
  });

  it('leaves a frozen wrapper working', () => {
    const wrapper = Object.freeze(() => 1);
    expect(disguise(wrapper, Math.random)()).toBe(1);
  });
});
