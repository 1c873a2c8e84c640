import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './router.js';

/**
 * An in-app link: a real href (open in a new tab works), navigated without a reload. `current`
 * marks the link to the page shown (`aria-current="page"`).
 */
export function Link(props: {
  to: string;
  children: ReactNode;
  className?: string;
  testId?: string;
  current?: boolean;
}) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a
      href={props.to}
      onClick={onClick}
      className={props.className}
      data-testid={props.testId}
      aria-current={props.current ? 'page' : undefined}
    >
      {props.children}
    </a>
  );
}
