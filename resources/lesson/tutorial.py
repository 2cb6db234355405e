"""Thread communication: a creator thread and a consumer thread talk through a Queue.

This is the tutorial's program, corrected so that it ends: after q.join(),
the main thread puts a sentinel (None) on the queue for the consumer, which
then leaves its loop, so every thread finishes and the program exits.

Run it plainly (python tutorial.py). With unbuffered output (python -u) the
two threads' print() calls can interleave in the middle of a line: print
writes the text and the newline separately.
"""

import threading
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        print('Waiting for data to be doubled')
        evt.wait()


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        processed = data * 2
        print(processed)
        evt.set()
        q.task_done()


if __name__ == '__main__':
    q = Queue()
    data = [5, 10, 13, -1]
    thread_one = threading.Thread(target=creator, args=(data, q))
    thread_two = threading.Thread(target=my_consumer, args=(q,))
    thread_one.start()
    thread_two.start()

    thread_one.join()  # the creator has put every item and seen each one doubled
    q.join()           # every item put on the queue has been marked task_done()
    q.put(None)        # tell the consumer to stop
    thread_two.join()
