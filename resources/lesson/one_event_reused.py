"""Mistake: one Event reused for every item, with set() and then clear().

The creator makes one Event and sends it with every item; the consumer wakes
the creator with evt.set() and at once resets the Event with evt.clear(),
ready for the next item. If the creator reaches evt.wait() only after both
(here it does other work first), the wake-up is lost: the Event is clear
again, and the creator waits forever. A new Event per item, as the tutorial
makes, stays set until its one waiter has seen it.
"""

import threading
import time
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    evt = threading.Event()  # one Event for every item
    for item in data:
        q.put((item, evt))
        print('Waiting for data to be doubled')
        time.sleep(0.2)  # other work before waiting (the lab's delay plays this part)
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
        evt.set()    # wake the creator...
        evt.clear()  # ...and reset the shared Event for the next item
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
