"""Mistake: a daemon consumer, and main waits only for the creator.

A daemon thread never keeps the program alive, which looks like the cure for
a consumer that loops forever. But main waits only until the creator has put
every item, then ends, and Python exits without waiting for daemon threads:
the consumer dies in the middle of an item, that result is lost, and the
items still on the queue are never processed. Nothing reports an error.
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


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        data, evt = q.get()
        print('data found to be processed: {}'.format(data))
        time.sleep(0.2)  # the work takes a moment (the lab's delay plays this part)
        processed = data * 2
        print(processed)
        evt.set()
        q.task_done()


if __name__ == '__main__':
    q = Queue(maxsize=1)
    data = [5, 10, 13, -1]
    thread_one = threading.Thread(target=creator, args=(data, q))
    thread_two = threading.Thread(target=my_consumer, args=(q,), daemon=True)
    thread_one.start()
    thread_two.start()

    thread_one.join()  # the creator has put every item: the program ends here
