// A custom span from inside the frame.
performance.mark('framed-start');
performance.measure('in-frame', 'framed-start');
