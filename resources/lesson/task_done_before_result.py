"""Mistake: q.task_done() before the result is recorded.

The consumer marks each item done as soon as it takes it, then does the work.
q.join() returns when the last item is marked done, not when its result is
recorded, so main prints "All work completed!" while the last result is
still being computed, and that result arrives after it.

The creator does not wait on the Events here, so only q.join() tells main
when the work is done.
"""

import threading
import time
from queue import Queue


def creator(data, q):
    """Create data to be consumed; do not wait for each item."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))


def my_consumer(q, results):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        q.task_done()  # "done" too early: the result is not recorded yet
        time.sleep(0.2)  # the work takes a moment (the lab's delay plays this part)
        processed = data * 2
        print(processed)
        results.append(processed)
        evt.set()


if __name__ == '__main__':
    q = Queue()
    data = [5, 10, 13, -1]
    results = []
    thread_one = threading.Thread(target=creator, args=(data, q))
    thread_two = threading.Thread(target=my_consumer, args=(q, results))
    thread_one.start()
    thread_two.start()

    thread_one.join()  # the creator has put every item
    q.join()           # every item has been marked task_done()... but is it finished?
    print('All work completed! {} of {} results'.format(len(results), len(data)))
    q.put(None)        # tell the consumer to stop
    thread_two.join()
